package dev.trainboard.metrics.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the service declares its topics when they do not exist yet.
 *
 * @param partitions partitions of {@code trainboard.events}; jobs spread over them by key
 * @param replicas replication factor, 1 on a single broker
 */
@ConfigurationProperties("trainboard.kafka")
public record TopicProperties(int partitions, short replicas) {
}
