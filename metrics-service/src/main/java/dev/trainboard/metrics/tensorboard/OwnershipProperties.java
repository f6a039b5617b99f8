package dev.trainboard.metrics.tensorboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param lockWait how long a newly assigned partition waits for its previous owner to let go of it before
 *     the consumer carries on polling; its batches are then refused until the lock is free
 */
@ConfigurationProperties("trainboard.ownership")
public record OwnershipProperties(Duration lockWait) {
}
