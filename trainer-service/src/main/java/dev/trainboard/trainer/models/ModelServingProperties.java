package dev.trainboard.trainer.models;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the trainer serves finished models ({@code trainboard.models.*}).
 *
 * @param maxImages images one prediction request may hold
 * @param cachedModels models kept loaded, least recently used first out
 */
@Validated
@ConfigurationProperties("trainboard.models")
record ModelServingProperties(
        @Min(1) @Max(1024) @DefaultValue("64") int maxImages,
        @Min(1) @Max(64) @DefaultValue("4") int cachedModels) {
}
