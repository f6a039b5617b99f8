package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.metrics.checkpoints.ResumedAttempts;
import dev.trainboard.metrics.jobs.JobState;
import dev.trainboard.metrics.query.MetricReader;
import dev.trainboard.tfevents.SummaryWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The open event files of running jobs: one writer per run at a time. Events are appended in the order they
 * were stored; a new attempt closes the old file and opens a later-sorting one with a restart marker; a
 * terminal status or a quiet spell closes the file. Once a second every written-to file is flushed.
 * Appending, flushing and closing are serialized, so a file is never closed under a writer's feet.
 *
 * <p>A run is held {@linkplain UnsyncedRuns unsynced} from before a batch is stored until the batch is
 * appended, and while its writer is open, so that a crash in between is repaired at the next start.
 */
@Component
public class LiveRuns {

    private static final Logger log = LoggerFactory.getLogger(LiveRuns.class);

    private final RunDirectories directories;
    private final TensorBoardProperties properties;
    private final UnsyncedRuns unsynced;
    private final MetricReader metrics;
    private final ResumedAttempts resumes;
    private final Clock clock;
    private final Map<UUID, LiveRun> runs = new ConcurrentHashMap<>();
    private final Timer flushTimer;
    private final Counter failures;

    public LiveRuns(RunDirectories directories, TensorBoardProperties properties, UnsyncedRuns unsynced,
            MetricReader metrics, ResumedAttempts resumes, MeterRegistry registry) {
        this.directories = directories;
        this.properties = properties;
        this.unsynced = unsynced;
        this.metrics = metrics;
        this.resumes = resumes;
        this.clock = Clock.systemUTC();
        this.flushTimer = Timer.builder("trainboard.tensorboard.flush")
                .description("Time to flush and fsync the event files written to in the last second")
                .register(registry);
        this.failures = Counter.builder("trainboard.tensorboard.append.failures")
                .description("Stored events that could not be appended to an event file (the run stays marked "
                        + "unsynced; the next start or a rebuild restores them)")
                .register(registry);
        Gauge.builder("trainboard.tensorboard.open.files", runs, Map::size)
                .description("Event files open for writing, one per active run")
                .register(registry);
    }

    /**
     * Holds the jobs' runs unsynced before a batch of their events is stored; {@link #append} with the same
     * jobs releases them. A store that throws leaves them held: its commit may have happened all the same.
     */
    public void beforeStore(Collection<UUID> jobIds) {
        jobIds.forEach(unsynced::hold);
    }

    /**
     * Appends newly stored events to their runs' files and releases what {@link #beforeStore} held for
     * {@code jobs}. Never throws: the events are safe in the database, and a run that could not take them
     * stays marked for a rebuild.
     */
    public synchronized void append(List<EventEnvelope> stored, Map<UUID, JobState> jobs) {
        for (EventEnvelope envelope : stored) {
            try {
                appendOne(envelope, jobs.get(envelope.jobId()));
            } catch (RuntimeException | IOException e) {
                failures.increment();
                log.warn("Could not append {} of job {} to its event file: {}",
                        envelope.payload().getClass().getSimpleName(), envelope.jobId(), e.toString());
                closeAfterFailure(envelope.jobId());
            }
        }
        jobs.keySet().forEach(unsynced::release);
    }

    private void appendOne(EventEnvelope envelope, JobState job) throws IOException {
        if (envelope.payload() instanceof JobStatusChanged change) {
            if (change.status().isTerminal()) {
                close(envelope.jobId());
            }
            return;
        }
        if (envelope.payload() instanceof ProgressReported) {
            return;
        }
        LiveRun run = writerFor(job, envelope);
        if (run != null) {
            PayloadWriter.write(run.writer, envelope.payload(), envelope.emittedAt(), run.lastStep);
            PayloadWriter.lastStep(envelope.payload()).ifPresent(step -> run.lastStep = Math.max(run.lastStep, step));
            run.touched(clock.instant());
        }
    }

    /** The writer for the envelope's attempt; null when the envelope belongs to an attempt already superseded. */
    private LiveRun writerFor(JobState job, EventEnvelope envelope) throws IOException {
        LiveRun current = runs.get(job.id());
        if (current != null) {
            if (envelope.attempt() == current.attempt) {
                return current;
            }
            if (envelope.attempt() < current.attempt) {
                return null;
            }
            close(job.id());
        }
        var dir = directories.resolve(job.runName());
        if (RunFiles.highestAttempt(dir) > envelope.attempt()) {
            return null;
        }
        // A resumed attempt's marker goes at its resume step, where what earlier attempts logged stops counting.
        OptionalLong firstStep = resumes.stepOf(job.id(), envelope.attempt());
        if (firstStep.isEmpty()) {
            firstStep = PayloadWriter.firstStep(envelope.payload());
        }
        // The attempt may have logged steps before this writer: in an earlier file (an idle close, a restart)
        // or earlier in this very batch, which is stored already. Hparams go at the highest, as in a rebuild.
        long lastStep = metrics.lastStep(job.id(), envelope.attempt());
        SummaryWriter writer = RunFiles.open(dir, envelope.attempt(), firstStep.orElse(0));
        LiveRun run = new LiveRun(writer, envelope.attempt(), lastStep, clock.instant());
        runs.put(job.id(), run);
        unsynced.hold(job.id());
        return run;
    }

    /** Closes the job's file, if one is open; once it is flushed and closed, the run is no longer held. */
    public synchronized void close(UUID jobId) {
        LiveRun run = runs.remove(jobId);
        if (run != null) {
            try {
                run.writer.close();
            } catch (RuntimeException e) {
                log.warn("Closing the event file of job {} failed: {}", jobId, e.toString());
                unsynced.markDamaged(jobId);
            }
            unsynced.release(jobId);
        }
    }

    private void closeAfterFailure(UUID jobId) {
        unsynced.markDamaged(jobId);
        close(jobId);
    }

    /** Closes every open file. */
    @PreDestroy
    public synchronized void closeAll() {
        closeAll(jobId -> true);
    }

    /** Closes the open files of the jobs that match, such as those of a partition this instance lets go of. */
    public synchronized void closeAll(Predicate<UUID> jobs) {
        List.copyOf(runs.keySet()).stream().filter(jobs).forEach(this::close);
    }

    @Scheduled(fixedDelay = 1000)
    synchronized void flushAndCloseIdle() {
        Instant now = clock.instant();
        runs.forEach((jobId, run) -> {
            if (run.dirty) {
                run.dirty = false;
                try {
                    flushTimer.record(run.writer::flush);
                } catch (UncheckedIOException e) {
                    log.warn("Flushing the event file of job {} failed: {}", jobId, e.toString());
                    closeAfterFailure(jobId);
                }
            } else if (run.lastUsed.plus(properties.idleTimeout()).isBefore(now)) {
                close(jobId);
            }
        });
    }

    private static final class LiveRun {
        final SummaryWriter writer;
        final int attempt;
        volatile Instant lastUsed;
        volatile boolean dirty;
        long lastStep;

        LiveRun(SummaryWriter writer, int attempt, long lastStep, Instant opened) {
            this.writer = writer;
            this.attempt = attempt;
            this.lastStep = lastStep;
            this.lastUsed = opened;
        }

        void touched(Instant at) {
            lastUsed = at;
            dirty = true;
        }
    }
}
