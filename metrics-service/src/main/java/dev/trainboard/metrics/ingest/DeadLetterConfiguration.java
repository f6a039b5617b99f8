package dev.trainboard.metrics.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failure handling of the events listener. Bad records never reach it: {@link EventsListener} parks them itself.
 * What does is a failure of the infrastructure (PostgreSQL or the broker away): the batch is read again with
 * growing pauses for as long as it takes, since its records are fine and must not be parked.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DefaultErrorHandler eventsErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
