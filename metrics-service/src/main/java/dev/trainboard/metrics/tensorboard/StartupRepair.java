package dev.trainboard.metrics.tensorboard;

import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Rebuilds, from PostgreSQL, every run the last process left {@linkplain UnsyncedRuns marked}: it stopped
 * after committing events it had not yet appended, and the redelivered events will not be appended either,
 * because they are no longer new. This runs once every singleton exists and before any lifecycle bean
 * starts, so before the Kafka listener containers consume anything (and before the web server takes a
 * rebuild request). It first clears the rebuilds' staging directory, which a process that died in a rebuild
 * leaves behind.
 */
@Component
class StartupRepair implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StartupRepair.class);

    private final UnsyncedRuns unsynced;
    private final JobRepository jobs;
    private final Rebuilder rebuilder;
    private final Counter repaired;

    StartupRepair(UnsyncedRuns unsynced, JobRepository jobs, Rebuilder rebuilder, MeterRegistry registry) {
        this.unsynced = unsynced;
        this.jobs = jobs;
        this.rebuilder = rebuilder;
        this.repaired = Counter.builder("trainboard.tensorboard.startup.repairs")
                .description("Runs rebuilt at startup because the last process left them unsynced")
                .register(registry);
    }

    @Override
    public void afterSingletonsInstantiated() {
        rebuilder.clearStaging();
        Set<UUID> marked = unsynced.toRepair();
        if (marked.isEmpty()) {
            return;
        }
        Map<UUID, JobState> known = jobs.findStates(marked).stream()
                .collect(Collectors.toMap(JobState::id, Function.identity()));
        for (UUID jobId : marked) {
            JobState job = known.get(jobId);
            if (job == null) {
                log.warn("Job {} left an unsynced marker but is not in the database; dropping the marker", jobId);
                unsynced.repaired(jobId);
                continue;
            }
            // A run that cannot be rebuilt is reported by the rebuilder and keeps its marker, so the next start
            // (or POST /internal/admin/rebuild) tries again; the other runs are repaired all the same.
            if (rebuilder.rebuild(job).failed().isEmpty()) {
                repaired.increment();
                log.info("Rebuilt run {} of job {}: the last process stopped before its files caught up",
                        job.runName(), jobId);
            }
        }
    }
}
