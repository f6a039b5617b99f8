package dev.trainboard.gateway.models;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the trainer service's internal model API answers (any trainer: they share the artifact store). */
@Validated
@ConfigurationProperties("trainboard.trainer-service")
record TrainerServiceProperties(@NotNull URI url) {
}
