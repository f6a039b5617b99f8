package dev.trainboard.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * An image, already encoded as PNG (for {@code mnist_images}, the trainer builds the 8x8 grid itself).
 *
 * @param channels 1 grey, 3 RGB, 4 RGBA
 * @param png the encoded image; base64 in JSON
 */
public record ImageLogged(
        @NotBlank String tag, @Min(0) long step, double wallTime,
        @Min(1) int width, @Min(1) int height, @Min(1) @Max(4) int channels, @NotEmpty byte[] png)
        implements EventPayload {
}
