package dev.trainboard.metrics.deletion;

import dev.trainboard.events.api.JobView;
import dev.trainboard.metrics.jobs.JobConflictException;
import dev.trainboard.metrics.jobs.JobNotFoundException;
import dev.trainboard.metrics.jobs.JobRegistry;
import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import dev.trainboard.metrics.tensorboard.RunRemoval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

/**
 * What DELETE on a job does: a job still queued or running is cancelled, as before; a finished one (SUCCEEDED,
 * FAILED or CANCELLED) is removed with its event files, its artifacts and its rows. A finished job never runs
 * again, so the files can go after the status was read, outside the row's lock.
 */
@Service
class JobDeletion {

    private final JobRepository jobs;
    private final JobRegistry registry;
    private final RunRemoval runs;
    private final Path artifacts;

    JobDeletion(JobRepository jobs, JobRegistry registry, RunRemoval runs, ArtifactStoreProperties store) {
        this.jobs = jobs;
        this.registry = registry;
        this.runs = runs;
        this.artifacts = store.root().toAbsolutePath().normalize();
    }

    /** The cancelled job's view when the job was still active; empty when the job is gone. */
    Optional<JobView> deleteOrCancel(UUID id) {
        JobState job = state(id);
        if (!job.status().isTerminal()) {
            try {
                return Optional.of(registry.cancel(id));
            } catch (JobConflictException finishedMeanwhile) {
                job = state(id);
            }
        }
        JobState finished = job;
        runs.remove(finished, () -> {
            deleteArtifacts(id);
            jobs.delete(id);
        });
        return Optional.empty();
    }

    private JobState state(UUID id) {
        return jobs.findStates(List.of(id)).stream().findFirst().orElseThrow(() -> new JobNotFoundException(id));
    }

    private void deleteArtifacts(UUID id) {
        try {
            FileSystemUtils.deleteRecursively(artifacts.resolve(id.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the artifacts of job " + id, e);
        }
    }
}
