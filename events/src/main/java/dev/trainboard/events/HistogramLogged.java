package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * A histogram of a tensor's values. {@code bucketCounts[i]} counts values below
 * {@code bucketLimits[i]} and at or above the previous limit; both lists have the same length.
 */
public record HistogramLogged(
        @NotBlank String tag, @Min(0) long step, double wallTime,
        double min, double max, double num, double sum, double sumSquares,
        @NotEmpty List<Double> bucketLimits, @NotEmpty List<Double> bucketCounts) implements EventPayload {
}
