package dev.trainboard.gateway.system;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a client may send.
 *
 * @param maxBodySize any request body: the JSON specs are small
 * @param maxPredictBodySize a prediction's body, which may hold a batch of images as JSON numbers
 */
@Validated
@ConfigurationProperties("trainboard.requests")
public record RequestLimitProperties(@NotNull DataSize maxBodySize, @NotNull DataSize maxPredictBodySize) {
}
