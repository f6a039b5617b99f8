package dev.trainboard.metrics.tensorboard;

import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds, from PostgreSQL, the {@linkplain UnsyncedRuns marked} runs of a partition this instance has just
 * taken: the partition's last owner stopped after committing events it had not yet appended, and the
 * redelivered events will not be appended either, because they are no longer new. The caller holds the
 * partition's lock, so no other instance writes these runs, and calls this before its consumer hands the
 * partition's first records to the listener. It first clears what rebuilds of the partition's runs left in the
 * staging directory, as a process that died in a rebuild does.
 */
@Component
class PartitionRepair {

    private static final Logger log = LoggerFactory.getLogger(PartitionRepair.class);

    private final UnsyncedRuns unsynced;
    private final EventPartitions partitions;
    private final JobRepository jobs;
    private final Rebuilder rebuilder;
    private final Counter repaired;

    PartitionRepair(UnsyncedRuns unsynced, EventPartitions partitions, JobRepository jobs, Rebuilder rebuilder,
            MeterRegistry registry) {
        this.unsynced = unsynced;
        this.partitions = partitions;
        this.jobs = jobs;
        this.rebuilder = rebuilder;
        // The name predates replicas, when repairs happened at startup only; dashboards and tests read it.
        this.repaired = Counter.builder("trainboard.tensorboard.startup.repairs")
                .description("Runs rebuilt on taking their partition because an earlier owner left them unsynced")
                .register(registry);
    }

    /** Rebuilds every marked run of the partition. */
    void repair(int partition) {
        rebuilder.clearStaging(job -> partitions.of(job) == partition);
        List<UUID> marked = unsynced.markedOnDisk().stream().filter(job -> partitions.of(job) == partition).toList();
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
            // A run that cannot be rebuilt is reported by the rebuilder and keeps its marker, so the partition's next
            // owner (or POST /internal/admin/rebuild) tries again; the other runs are repaired all the same.
            if (rebuilder.rebuild(job).failed().isEmpty()) {
                repaired.increment();
                log.info("Rebuilt run {} of job {} (partition {}): its last writer stopped before its files caught up",
                        job.runName(), jobId, partition);
            }
        }
    }
}
