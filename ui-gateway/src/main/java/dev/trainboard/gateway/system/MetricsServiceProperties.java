package dev.trainboard.gateway.system;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the metrics service's internal API answers. */
@Validated
@ConfigurationProperties("trainboard.metrics-service")
public record MetricsServiceProperties(@NotNull URI url) {
}
