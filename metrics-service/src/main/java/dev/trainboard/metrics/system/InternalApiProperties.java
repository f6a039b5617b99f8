package dev.trainboard.metrics.system;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The credential of the internal API ({@code trainboard.internal-api.*}).
 *
 * @param token the shared secret the gateway and the trainers send as a bearer token
 *     ({@code TRAINBOARD_INTERNAL_TOKEN}); the service does not start without it
 */
@Validated
@ConfigurationProperties("trainboard.internal-api")
public record InternalApiProperties(@NotBlank String token) {
}
