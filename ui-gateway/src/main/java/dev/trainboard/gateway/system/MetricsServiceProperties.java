package dev.trainboard.gateway.system;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the metrics service's internal API answers, and its credential.
 *
 * @param internalToken the shared secret sent as a bearer token ({@code TRAINBOARD_INTERNAL_TOKEN})
 */
@Validated
@ConfigurationProperties("trainboard.metrics-service")
public record MetricsServiceProperties(@NotNull URI url, @NotBlank String internalToken) {
}
