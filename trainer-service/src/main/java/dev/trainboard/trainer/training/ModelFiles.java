package dev.trainboard.trainer.training;

import ai.djl.Model;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The files of a job's final model: {@code mnist-0000.params} as DJL's {@code Model.save(dir, "mnist")} writes
 * it, and {@code model.json}, which says what network the parameters belong to and how it was trained.
 */
public final class ModelFiles {

    /** The model name DJL's {@code Model.load(dir, NAME)} expects. */
    public static final String NAME = "mnist";
    public static final String PARAMETERS = NAME + "-0000.params";
    public static final String DESCRIPTION = "model.json";

    private ModelFiles() {
    }

    /**
     * The network: {@code input} grey values scaled to 0..1, then {@code layers} in order.
     *
     * @param layers each with its type and, for a linear layer, its output units
     */
    public record Architecture(List<Layer> layers, int input, int hidden, int output, String activation) {

        static Architecture of(int input, int hidden) {
            return new Architecture(List.of(new Layer("Linear", hidden), new Layer("ReLU", null),
                    new Layer("Linear", MnistNetwork.CLASSES)), input, hidden, MnistNetwork.CLASSES, "relu");
        }
    }

    public record Layer(String type, Integer units) {
    }

    /** What {@code model.json} holds. */
    public record Description(Architecture architecture, JobSpec spec, double testAccuracy, long step,
            Instant createdAt) {
    }

    static void write(Path directory, Model model, Description description) throws IOException {
        // Model.save numbers the file after the "Epoch" property, or after the files it finds when it is unset.
        model.setProperty("Epoch", "0");
        model.save(directory, NAME);
        Files.writeString(directory.resolve(DESCRIPTION),
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(description));
    }
}
