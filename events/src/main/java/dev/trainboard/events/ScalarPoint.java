package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * One value of a scalar series.
 *
 * @param wallTime seconds since the Unix epoch, as TensorBoard stores it
 */
public record ScalarPoint(@NotBlank String tag, @Min(0) long step, double wallTime, double value) {
}
