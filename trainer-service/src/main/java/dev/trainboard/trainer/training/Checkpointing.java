package dev.trainboard.trainer.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link MnistTraining} saves checkpoints and its final model, and the checkpoint it resumes from. The
 * training writes the files; the implementation decides where they go and how they are made durable.
 */
public interface Checkpointing {

    /** Saves nothing and always starts at step 0. */
    Checkpointing NONE = new Checkpointing() {
        @Override
        public Optional<Path> resumeFrom() {
            return Optional.empty();
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public void saveCheckpoint(TrainingPosition position, Contents contents) {
        }

        @Override
        public void saveModel(long step, int epoch, Contents contents) {
        }
    };

    /** A complete checkpoint directory to resume from, or empty to start at step 0. */
    Optional<Path> resumeFrom();

    /** The attempt that is training, recorded in each checkpoint's position. */
    int attempt();

    /** Saves a checkpoint whose files {@code contents} writes; called between two steps. */
    void saveCheckpoint(TrainingPosition position, Contents contents);

    /** Saves the final model whose files {@code contents} writes, after the test evaluation. */
    void saveModel(long step, int epoch, Contents contents);

    /** Writes files into a directory that exists and is empty. */
    @FunctionalInterface
    interface Contents {
        void writeInto(Path directory) throws IOException;
    }
}
