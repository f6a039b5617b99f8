package dev.trainboard.metrics.jobs;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.events.api.RegisterSweepRequest;
import dev.trainboard.metrics.outbox.OutboxRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

    /** The outcome of a sweep's registration: its jobs in order, and whether this call created them. */
    public record SweepRegistration(List<JobView> jobs, boolean created) {
    }

    /**
     * Registers a job, or returns the one registered earlier under the same idempotency key; the key sent with
     * another spec is refused.
     */
    @Transactional
    public Registration register(RegisterJobRequest request) {
        String key = request.idempotencyKey();
        Optional<JobView> earlier = key == null ? Optional.empty() : jobs.findByIdempotencyKey(key);
        if (earlier.isPresent()) {
            if (!earlier.get().spec().equals(request.spec())) {
                throw new IdempotencyKeyReusedException(key);
            }
            return new Registration(earlier.get(), false);
        }
        return insert(request.spec(), key).map(job -> new Registration(job, true))
                // a concurrent registration with the same key won the race
                .orElseGet(() -> new Registration(jobs.findByIdempotencyKey(key).orElseThrow(), false));
    }

    /**
     * Registers every job of a sweep in one transaction: a taken run name anywhere creates none of them. With an
     * idempotency key, job i is registered under {@code <key>/<i>}, and a retry returns the jobs of the first call
     * if it asks for exactly the same jobs.
     */
    @Transactional
    public SweepRegistration registerSweep(RegisterSweepRequest request) {
        List<JobSpec> specs = request.specs();
        String key = request.idempotencyKey();
        if (key != null) {
            List<JobView> earlier = new ArrayList<>();
            for (int i = 0; i <= specs.size(); i++) {
                jobs.findByIdempotencyKey(sweepJobKey(key, i)).ifPresent(earlier::add);
            }
            if (!earlier.isEmpty()) {
                if (!earlier.stream().map(JobView::spec).toList().equals(specs)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                return new SweepRegistration(earlier, false);
            }
        }
        List<JobView> created = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String jobKey = key == null ? null : sweepJobKey(key, i);
            created.add(insert(specs.get(i), jobKey).orElseThrow(() -> new JobConflictException(
                    "Sweep registered concurrently", "Another request registered this sweep's Idempotency-Key "
                            + "at the same time; send the request again to get its jobs", "idempotencyKey")));
        }
        return new SweepRegistration(created, true);
    }

    private static String sweepJobKey(String key, int index) {
        return key + "/" + index;
    }

    /** Inserts a QUEUED job with its JobSubmitted message; empty when a job holds the idempotency key already. */
    private Optional<JobView> insert(JobSpec spec, String key) {
        UUID id = UUID.randomUUID();
        boolean inserted;
        try {
            // Postgres keeps microseconds; truncating here makes the returned view equal to a later read.
            inserted = jobs.insertQueued(id, spec, key, Instant.now().truncatedTo(ChronoUnit.MICROS));
        } catch (DuplicateKeyException e) {
            throw new JobConflictException("Run name taken",
                    "A job with run name '" + spec.runName() + "' exists already", "spec.runName");
        }
        if (!inserted) {
            return Optional.empty();
        }
        outbox.add(Topics.JOBS, EventEnvelope.of(id, 1, new JobSubmitted(spec)));
        return jobs.findById(id);
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
