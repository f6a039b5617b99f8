package dev.trainboard.metrics.ingest;

import dev.trainboard.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failure handling of the events listener. A record that does not parse or validate goes to
 * {@code trainboard.events.DLT} at once (same key, Kafka picks the partition) and the listener carries on.
 * Anything else, such as PostgreSQL being down, is retried with growing pauses for as long as it takes:
 * those records are fine and must not be parked.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DefaultErrorHandler eventsErrorHandler(KafkaTemplate<String, Object> kafka, IngestMetrics metrics) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.EVENTS_DEAD_LETTER, -1));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            recoverer.accept(record, exception);
            metrics.deadLettered();
        }, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        // After a dead letter the handler re-seeks the rest of the batch by throwing; that is routine, not an error.
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }
}
