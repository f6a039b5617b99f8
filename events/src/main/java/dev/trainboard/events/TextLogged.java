package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A markdown text shown in TensorBoard's text tab. */
public record TextLogged(@NotBlank String tag, @Min(0) long step, double wallTime, @NotNull String markdown)
        implements EventPayload {
}
