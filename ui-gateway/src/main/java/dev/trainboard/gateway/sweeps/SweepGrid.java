package dev.trainboard.gateway.sweeps;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.Optimizer;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The values to try, per job field. Every combination of the given lists becomes one job; the first field in this
 * record's order varies slowest.
 */
@Schema(description = "Values to try per field; one job per combination", example = "{\"learningRate\": [0.001, 0.01]}")
public record SweepGrid(
        @Size(min = 1, max = 64) List<@NotNull Double> learningRate,
        @Size(min = 1, max = 64) List<@NotNull Integer> batchSize,
        @Size(min = 1, max = 64) List<@NotNull Integer> epochs,
        @Size(min = 1, max = 64) List<@NotNull Integer> hiddenSize,
        @Size(min = 1, max = 64) List<@NotNull Optimizer> optimizer,
        @Size(min = 1, max = 64) List<@NotNull Dataset> dataset,
        @Size(min = 1, max = 64) List<@NotNull Long> seed) {

    /**
     * One dimension of the grid.
     *
     * @param field the {@code JobRequest} property the values go to
     * @param label what precedes a value in a derived run name ({@code lr0.01}); empty where the value speaks for
     *     itself ({@code adam})
     */
    record Axis(String field, String label, List<?> values) {
    }

    /** The dimensions that were given, in this record's order. */
    List<Axis> axes() {
        List<Axis> axes = new ArrayList<>();
        add(axes, "learningRate", "lr", learningRate);
        add(axes, "batchSize", "bs", batchSize);
        add(axes, "epochs", "epochs", epochs);
        add(axes, "hiddenSize", "hidden", hiddenSize);
        add(axes, "optimizer", "", optimizer);
        add(axes, "dataset", "", dataset);
        add(axes, "seed", "seed", seed);
        return axes;
    }

    private static void add(List<Axis> axes, String field, String label, List<?> values) {
        if (values != null) {
            axes.add(new Axis(field, label, values));
        }
    }
}
