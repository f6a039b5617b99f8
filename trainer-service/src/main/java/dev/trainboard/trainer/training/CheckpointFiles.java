package dev.trainboard.trainer.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import dev.trainboard.events.EventJson;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;

/**
 * The files of one checkpoint directory: {@code parameters} (DJL's {@link Block#saveParameters} format, the body
 * of a {@code .params} file that {@code Model.save} writes), {@code optimizer.bin} ({@link OptimizerStep}) and
 * {@code position.json} ({@link TrainingPosition}). Completeness and atomicity are the store's business.
 */
public final class CheckpointFiles {

    public static final String PARAMETERS = "parameters";
    public static final String OPTIMIZER = "optimizer.bin";
    public static final String POSITION = "position.json";

    private CheckpointFiles() {
    }

    static void write(Path directory, Block block, OptimizerStep optimizer, TrainingPosition position)
            throws IOException {
        try (DataOutputStream out = output(directory.resolve(PARAMETERS))) {
            block.saveParameters(out);
        }
        try (DataOutputStream out = output(directory.resolve(OPTIMIZER))) {
            optimizer.write(out);
        }
        Files.writeString(directory.resolve(POSITION), EventJson.mapper().writeValueAsString(position));
    }

    /** Reads a checkpoint's position. */
    public static TrainingPosition readPosition(Path directory) {
        Path file = directory.resolve(POSITION);
        try {
            return EventJson.mapper().readValue(Files.readString(file), TrainingPosition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("malformed " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Loads the checkpoint's parameters into the model's block, which must not be initialized yet. */
    static void loadParameters(Path directory, Model model) throws IOException {
        try (DataInputStream in = input(directory.resolve(PARAMETERS))) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (MalformedModelException e) {
            throw new IOException("malformed " + directory.resolve(PARAMETERS) + ": " + e.getMessage(), e);
        }
    }

    static void loadOptimizer(Path directory, OptimizerStep optimizer) throws IOException {
        try (DataInputStream in = input(directory.resolve(OPTIMIZER))) {
            optimizer.read(in);
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static DataInputStream input(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }
}
