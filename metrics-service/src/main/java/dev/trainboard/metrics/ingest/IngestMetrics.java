package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Ingestion's meters: events ingested by type, batch latency, publish-to-commit delay and dead letters.
 * Consumer lag comes from the Kafka client metrics Boot binds ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
@Component
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer batchTimer;
    private final Timer delay;
    private final Counter deadLettered;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchTimer = Timer.builder("trainboard.ingest.batch")
                .description("Time to validate, store and append one batch of records")
                .register(registry);
        this.delay = Timer.builder("trainboard.ingest.delay")
                .description("From the trainer emitting an event to its database commit")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.deadLettered = Counter.builder("trainboard.events.dead.lettered")
                .description("Records sent to trainboard.events.DLT")
                .register(registry);
    }

    void timeBatch(Runnable batch) {
        batchTimer.record(batch);
    }

    void ingested(List<EventEnvelope> envelopes) {
        Instant committed = Instant.now();
        for (EventEnvelope envelope : envelopes) {
            registry.counter("trainboard.events.ingested", "type", envelope.payload().getClass().getSimpleName())
                    .increment();
            delay.record(Duration.between(envelope.emittedAt(), committed));
        }
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
