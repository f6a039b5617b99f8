package dev.trainboard.trainer.models;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The artifact store on the shared volume ({@code trainboard.artifacts.*}).
 *
 * @param root holds one directory per job: {@code <jobId>/model/} and {@code <jobId>/checkpoints/}
 */
@Validated
@ConfigurationProperties("trainboard.artifacts")
record ArtifactStoreProperties(@NotNull @DefaultValue("./artifacts") Path root) {
}
