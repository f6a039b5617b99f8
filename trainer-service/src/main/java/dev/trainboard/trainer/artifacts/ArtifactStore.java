package dev.trainboard.trainer.artifacts;

import dev.trainboard.trainer.metrics.EventSink;
import dev.trainboard.trainer.training.CheckpointFiles;
import dev.trainboard.trainer.training.TrainingPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The artifact store's layout: {@code <root>/<job id>/checkpoints/step-<step, 12 digits>/} per checkpoint and
 * {@code <root>/<job id>/model/} for the final model, each written as an {@link AtomicDirectory}.
 */
@Component
public class ArtifactStore {

    private static final Pattern CHECKPOINT = Pattern.compile("step-([0-9]{12})");

    private final Path root;

    public ArtifactStore(ArtifactProperties properties) {
        this.root = properties.root().toAbsolutePath().normalize();
    }

    /** A checkpoint directory with the position it holds. */
    public record StoredCheckpoint(Path directory, TrainingPosition position) {
    }

    /**
     * The job's newest complete checkpoint, after removing what interrupted writes left of the job's artifacts.
     */
    public Optional<StoredCheckpoint> latestCheckpoint(UUID jobId) {
        Path checkpoints = checkpointsOf(jobId);
        try {
            AtomicDirectory.removeLeftovers(jobDir(jobId), false);
            AtomicDirectory.removeLeftovers(checkpoints, true);
            if (!Files.isDirectory(checkpoints)) {
                return Optional.empty();
            }
            try (Stream<Path> children = Files.list(checkpoints)) {
                return children.filter(dir -> CHECKPOINT.matcher(dir.getFileName().toString()).matches())
                        .max(Comparator.comparing(dir -> dir.getFileName().toString()))
                        .map(dir -> new StoredCheckpoint(dir, CheckpointFiles.readPosition(dir)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints in " + checkpoints, e);
        }
    }

    /**
     * Where one attempt saves its checkpoints and final model; each is announced on {@code events} once complete.
     */
    public JobArtifacts forAttempt(UUID jobId, int attempt, Optional<StoredCheckpoint> resumeFrom,
            EventSink events) {
        return new JobArtifacts(this, jobId, attempt, resumeFrom.map(StoredCheckpoint::directory), events);
    }

    Path checkpointDir(UUID jobId, long step) {
        return checkpointsOf(jobId).resolve("step-%012d".formatted(step));
    }

    Path modelDir(UUID jobId) {
        return jobDir(jobId).resolve("model");
    }

    /** {@code path} relative to the store's root, as events name it. */
    String relative(Path path) {
        return root.relativize(path).toString();
    }

    private Path jobDir(UUID jobId) {
        return root.resolve(jobId.toString());
    }

    private Path checkpointsOf(UUID jobId) {
        return jobDir(jobId).resolve("checkpoints");
    }
}
