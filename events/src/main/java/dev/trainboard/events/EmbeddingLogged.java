package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * Points for TensorBoard's projector.
 *
 * @param vectors one vector per point, all of one length
 * @param labels one label per point
 * @param sprite optional square PNG of the points' thumbnails, row-major cells of spriteCellSize pixels
 */
public record EmbeddingLogged(
        @NotBlank String tag, @Min(0) long step, @NotEmpty List<List<Float>> vectors, @NotEmpty List<String> labels,
        byte[] sprite, int spriteCellSize) implements EventPayload {
}
