package dev.trainboard.metrics.deletion;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The artifact store on the shared volume ({@code trainboard.artifacts.*}), which the trainers write.
 *
 * @param root holds one directory per job, named by its id
 */
@Validated
@ConfigurationProperties("trainboard.artifacts")
record ArtifactStoreProperties(@NotNull @DefaultValue("./artifacts") Path root) {
}
