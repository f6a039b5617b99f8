package dev.trainboard.trainer.artifacts;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.trainer.metrics.EventSink;
import dev.trainboard.trainer.training.Checkpointing;
import dev.trainboard.trainer.training.TrainingPosition;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/** One attempt's checkpoints and final model in the {@link ArtifactStore}, each announced as {@link CheckpointSaved}. */
public final class JobArtifacts implements Checkpointing {

    private final ArtifactStore store;
    private final UUID jobId;
    private final int attempt;
    private final Optional<Path> resumeFrom;
    private final EventSink events;

    JobArtifacts(ArtifactStore store, UUID jobId, int attempt, Optional<Path> resumeFrom, EventSink events) {
        this.store = store;
        this.jobId = jobId;
        this.attempt = attempt;
        this.resumeFrom = resumeFrom;
        this.events = events;
    }

    @Override
    public Optional<Path> resumeFrom() {
        return resumeFrom;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public void saveCheckpoint(TrainingPosition position, Contents contents) {
        Path directory = store.checkpointDir(jobId, position.step());
        long bytes = AtomicDirectory.write(directory, contents);
        events.publish(new CheckpointSaved(position.step(), position.epoch(), store.relative(directory), false, bytes));
    }

    @Override
    public void saveModel(long step, int epoch, Contents contents) {
        Path directory = store.modelDir(jobId);
        long bytes = AtomicDirectory.write(directory, contents);
        events.publish(new CheckpointSaved(step, epoch, store.relative(directory), true, bytes));
    }
}
