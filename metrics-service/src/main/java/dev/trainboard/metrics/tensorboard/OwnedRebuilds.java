package dev.trainboard.metrics.tensorboard;

import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Rebuilds asked for through the admin API, for the runs this instance may write: those of a partition it
 * owns, and those of a partition nobody owns, whose lock it holds for the length of the rebuild. A run another
 * live instance writes is never touched.
 */
@Service
public class OwnedRebuilds {

    private final Rebuilder rebuilder;
    private final PartitionLocks locks;
    private final EventPartitions partitions;
    private final JobRepository jobs;

    OwnedRebuilds(Rebuilder rebuilder, PartitionLocks locks, EventPartitions partitions, JobRepository jobs) {
        this.rebuilder = rebuilder;
        this.locks = locks;
        this.partitions = partitions;
        this.jobs = jobs;
    }

    /** A run left alone because another instance writes it. */
    public record OwnedElsewhere(String run, String owner, String ownerAddress) {
    }

    /** What a rebuild wrote, the runs it could not rebuild, and which runs it left to their writers. */
    public record Report(List<String> runs, int files, List<Rebuilder.Failure> failed,
            List<OwnedElsewhere> ownedElsewhere) {
    }

    /** Rebuilds one run; throws {@link RunOwnedElsewhereException} when another instance writes it. */
    public Report rebuild(JobState job) {
        int partition = partitions.of(job.id());
        Rebuilder.Result result = locks.whileHeld(partition, () -> rebuilder.rebuild(job))
                .orElseThrow(() -> new RunOwnedElsewhereException(job.runName(), partition, locks.owner(partition)));
        return new Report(result.runs(), result.files(), result.failed(), List.of());
    }

    /** Rebuilds every run this instance may write, partition by partition. */
    public Report rebuildAll() {
        Map<Integer, List<JobState>> byPartition = new TreeMap<>();
        jobs.findAllStates().forEach(job -> byPartition.computeIfAbsent(partitions.of(job.id()), p -> new ArrayList<>())
                .add(job));
        List<String> runs = new ArrayList<>();
        int files = 0;
        List<Rebuilder.Failure> failed = new ArrayList<>();
        List<OwnedElsewhere> elsewhere = new ArrayList<>();
        for (Map.Entry<Integer, List<JobState>> partition : byPartition.entrySet()) {
            Optional<Rebuilder.Result> result = locks.whileHeld(partition.getKey(),
                    () -> rebuilder.rebuildAll(partition.getValue()));
            if (result.isPresent()) {
                runs.addAll(result.get().runs());
                files += result.get().files();
                failed.addAll(result.get().failed());
            } else {
                Optional<PartitionOwner> owner = locks.owner(partition.getKey());
                partition.getValue().forEach(job -> elsewhere.add(new OwnedElsewhere(job.runName(),
                        owner.map(PartitionOwner::instance).orElse(null),
                        owner.map(PartitionOwner::address).orElse(null))));
            }
        }
        return new Report(runs, files, failed, elsewhere);
    }
}
