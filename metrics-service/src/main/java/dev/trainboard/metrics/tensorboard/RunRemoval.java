package dev.trainboard.metrics.tensorboard;

import dev.trainboard.metrics.jobs.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Removes a finished job's run from the log dir for good. TensorBoard drops a run whose directory has gone at its
 * next reload. The run is marked {@linkplain UnsyncedRuns unsynced} while it goes: should the service stop before
 * the caller has removed the job's rows, the next start rebuilds the run from them, so the files and the database
 * never disagree for longer than a restart and the deletion can simply be asked for again. Like a rebuild, it
 * runs only where the run's partition lock is held (here already, or free to take for the moment).
 */
@Component
public class RunRemoval {

    private final LogDirLock lock;
    private final LiveRuns liveRuns;
    private final UnsyncedRuns unsynced;
    private final RunDirectories directories;
    private final PartitionLocks locks;
    private final EventPartitions partitions;

    RunRemoval(LogDirLock lock, LiveRuns liveRuns, UnsyncedRuns unsynced, RunDirectories directories,
            PartitionLocks locks, EventPartitions partitions) {
        this.lock = lock;
        this.liveRuns = liveRuns;
        this.unsynced = unsynced;
        this.directories = directories;
        this.locks = locks;
        this.partitions = partitions;
    }

    /**
     * Closes the run's writer, deletes its directory, then runs {@code removeTheRest} (the job's rows and
     * artifacts), all while ingestion and rebuilds wait, so that neither writes the run again in between.
     */
    public void remove(JobState job, Runnable removeTheRest) {
        // Only the run's writer may touch its files, as for a rebuild: another live instance's run answers 409.
        int partition = partitions.of(job.id());
        locks.whileHeld(partition, () -> removeHeld(job, removeTheRest))
                .orElseThrow(() -> new RunOwnedElsewhereException(job.runName(), partition, locks.owner(partition)));
    }

    private boolean removeHeld(JobState job, Runnable removeTheRest) {
        return lock.exclusive(() -> {
            liveRuns.close(job.id());
            unsynced.markDamaged(job.id());
            try {
                FileSystemUtils.deleteRecursively(directories.resolve(job.runName()));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete the event files of run " + job.runName(), e);
            }
            removeTheRest.run();
            // Nothing is left to rebuild: the marker goes with the run.
            unsynced.repaired(job.id());
            return true;
        });
    }
}
