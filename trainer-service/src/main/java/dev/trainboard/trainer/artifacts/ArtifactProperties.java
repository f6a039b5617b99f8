package dev.trainboard.trainer.artifacts;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The artifact store ({@code trainboard.artifacts.*}).
 *
 * @param root holds one directory per job: {@code <job id>/checkpoints/step-<step>/} and {@code <job id>/model/}
 */
@Validated
@ConfigurationProperties("trainboard.artifacts")
public record ArtifactProperties(@NotNull @DefaultValue("./artifacts") Path root) {
}
