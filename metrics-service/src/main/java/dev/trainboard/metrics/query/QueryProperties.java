package dev.trainboard.metrics.query;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How scalar reads answer.
 *
 * @param defaultMaxPoints the points a scalar read answers with at most when the caller names no
 *     {@code maxPoints}: the whole series comes from the export, never by accident
 */
@Validated
@ConfigurationProperties("trainboard.query")
public record QueryProperties(@Min(4) @Max(100_000) int defaultMaxPoints) {
}
