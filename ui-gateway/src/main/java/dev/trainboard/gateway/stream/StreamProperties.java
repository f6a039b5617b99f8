package dev.trainboard.gateway.stream;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param pollInterval how often an open stream asks the metrics service for news
 * @param timeout how long one stream may stay open; a client reconnects after it
 * @param pollThreads threads shared by all open streams (each poll is two short HTTP calls)
 */
@Validated
@ConfigurationProperties("trainboard.stream")
record StreamProperties(@NotNull Duration pollInterval, @NotNull Duration timeout, @Min(1) int pollThreads) {
}
