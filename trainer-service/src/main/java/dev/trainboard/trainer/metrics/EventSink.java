package dev.trainboard.trainer.metrics;

import dev.trainboard.events.EventPayload;

/** Where one job's events go; the Kafka publisher in production, a list in tests. */
@FunctionalInterface
public interface EventSink {

    void publish(EventPayload payload);
}
