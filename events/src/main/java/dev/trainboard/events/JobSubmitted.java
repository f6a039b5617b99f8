package dev.trainboard.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** A job was registered and waits for a trainer ({@link Topics#JOBS}). */
public record JobSubmitted(@NotNull @Valid JobSpec spec) implements EventPayload {
}
