package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * A precision-recall curve as counts per threshold: entry j belongs to threshold j / (numThresholds - 1).
 * All six lists have {@code numThresholds} entries.
 */
public record PrCurveLogged(
        @NotBlank String tag, @Min(0) long step, double wallTime, @Min(2) int numThresholds,
        @NotNull List<Double> truePositives, @NotNull List<Double> falsePositives,
        @NotNull List<Double> trueNegatives, @NotNull List<Double> falseNegatives,
        @NotNull List<Double> precision, @NotNull List<Double> recall) implements EventPayload {
}
