package dev.trainboard.metrics.tensorboard;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param logdir the directory TensorBoard reads; one sub-directory per run
 * @param idleTimeout an open event file is closed after this long without events
 */
@ConfigurationProperties("trainboard.tensorboard")
public record TensorBoardProperties(Path logdir, Duration idleTimeout) {
}
