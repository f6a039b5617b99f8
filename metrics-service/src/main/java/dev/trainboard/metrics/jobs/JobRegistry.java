package dev.trainboard.metrics.jobs;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.outbox.OutboxRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers and cancels jobs. Each change and the message announcing it are written in one transaction
 * (job row + outbox row), so a job is queryable as soon as registration returns and is announced on
 * Kafka even if the broker is down at that moment.
 */
@Service
public class JobRegistry {

    private final JobRepository jobs;
    private final OutboxRepository outbox;

    public JobRegistry(JobRepository jobs, OutboxRepository outbox) {
        this.jobs = jobs;
        this.outbox = outbox;
    }

    /** The outcome of a registration: the job, and whether this call created it. */
    public record Registration(JobView job, boolean created) {
    }

    @Transactional
    public Registration register(RegisterJobRequest request) {
        String key = request.idempotencyKey();
        Optional<JobView> earlier = key == null ? Optional.empty() : jobs.findByIdempotencyKey(key);
        if (earlier.isPresent()) {
            return new Registration(earlier.get(), false);
        }
        UUID id = UUID.randomUUID();
        boolean inserted;
        try {
            // Postgres keeps microseconds; truncating here makes the returned view equal to a later read.
            inserted = jobs.insertQueued(id, request.spec(), key, Instant.now().truncatedTo(ChronoUnit.MICROS));
        } catch (DuplicateKeyException e) {
            throw new JobConflictException("Run name taken",
                    "A job with run name '" + request.spec().runName() + "' exists already", "spec.runName");
        }
        if (!inserted) {
            // a concurrent registration with the same key won the race
            return new Registration(jobs.findByIdempotencyKey(key).orElseThrow(), false);
        }
        outbox.add(Topics.JOBS, EventEnvelope.of(id, 1, new JobSubmitted(request.spec())));
        return new Registration(jobs.findById(id).orElseThrow(), true);
    }

    /** Asks the trainers to stop the job; the job's status changes when a trainer reports CANCELLED. */
    @Transactional
    public JobView cancel(UUID id) {
        JobState state = jobs.lockState(id).orElseThrow(() -> new JobNotFoundException(id));
        if (state.status().isTerminal()) {
            throw new JobConflictException("Job finished",
                    "Job " + id + " is " + state.status() + " and cannot be cancelled", "status");
        }
        outbox.add(Topics.CONTROL,
                EventEnvelope.of(id, Math.max(1, state.attempt()), new CancelRequested("requested by user")));
        return jobs.findById(id).orElseThrow();
    }
}
