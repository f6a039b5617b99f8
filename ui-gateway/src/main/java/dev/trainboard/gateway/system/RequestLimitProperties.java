package dev.trainboard.gateway.system;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits on what a client may send. */
@Validated
@ConfigurationProperties("trainboard.requests")
public record RequestLimitProperties(@NotNull DataSize maxBodySize) {
}
