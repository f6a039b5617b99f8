package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A trainer finished writing a checkpoint, or the job's final model, into the artifact store.
 *
 * @param step the steps trained when it was saved: a resumed attempt continues with this global step
 * @param epoch the 0-based epoch the next step belongs to
 * @param path its directory, relative to the artifact store's root ({@code <job id>/checkpoints/step-...} or
 *     {@code <job id>/model})
 * @param finalModel true for the final model, false for a checkpoint
 * @param sizeBytes the bytes of its files together
 */
public record CheckpointSaved(
        @Min(0) long step, @Min(0) int epoch, @NotBlank @Size(max = 256) String path, boolean finalModel,
        @Min(0) long sizeBytes) implements EventPayload {
}
