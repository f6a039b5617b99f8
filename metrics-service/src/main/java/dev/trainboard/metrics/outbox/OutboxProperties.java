package dev.trainboard.metrics.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pollInterval pause between two looks at the outbox
 * @param batchSize messages sent per look
 */
@ConfigurationProperties("trainboard.outbox")
public record OutboxProperties(Duration pollInterval, int batchSize) {
}
