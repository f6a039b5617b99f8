package dev.trainboard.trainer.system;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The job registry the trainer checks each job record against: the metrics service's internal API.
 *
 * @param url where the internal API answers ({@code METRICS_SERVICE_URL})
 * @param internalToken the shared secret sent as a bearer token ({@code TRAINBOARD_INTERNAL_TOKEN})
 */
@Validated
@ConfigurationProperties("trainboard.metrics-service")
public record MetricsServiceProperties(@NotNull URI url, @NotBlank String internalToken) {
}
