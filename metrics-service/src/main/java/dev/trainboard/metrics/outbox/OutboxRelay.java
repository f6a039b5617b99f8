package dev.trainboard.metrics.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka and marks them once the broker acknowledged them. A message whose send
 * fails stays in the outbox and is sent again on a later pass, so nothing registered is lost while Kafka
 * is down; the idempotent producer keeps its own retries from writing a message twice.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final KafkaTemplate<String, Object> kafka;
    private final TransactionTemplate transactions;
    private final TaskScheduler scheduler;
    private final OutboxProperties properties;
    private volatile ScheduledFuture<?> task;

    public OutboxRelay(OutboxRepository outbox, KafkaTemplate<String, Object> kafka, TransactionTemplate transactions,
            TaskScheduler scheduler, OutboxProperties properties, MeterRegistry registry) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.transactions = transactions;
        this.scheduler = scheduler;
        this.properties = properties;
        Gauge.builder("trainboard.outbox.pending", outbox, OutboxRepository::countPending)
                .description("Messages registered but not yet acknowledged by Kafka")
                .register(registry);
    }

    /** Sends one batch of pending messages; returns how many the broker acknowledged. */
    public int publishPending() {
        Integer sent = transactions.execute(status -> {
            List<OutboxMessage> pending = outbox.lockPending(properties.batchSize());
            List<Long> acknowledged = sendAll(pending);
            if (!acknowledged.isEmpty()) {
                outbox.markPublished(acknowledged);
            }
            return acknowledged.size();
        });
        return sent == null ? 0 : sent;
    }

    private List<Long> sendAll(List<OutboxMessage> pending) {
        List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>();
        for (OutboxMessage message : pending) {
            try {
                sends.add(kafka.send(message.topic(), message.key(), message.payload().getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                // No metadata within max.block.ms: nothing was buffered, so the rest can safely wait for the next pass.
                log.warn("Outbox: Kafka not reachable, {} message(s) wait: {}", pending.size() - sends.size(),
                        e.getMessage());
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).join();
                acknowledged.add(pending.get(i).id());
            } catch (RuntimeException e) {
                log.warn("Outbox: message {} not acknowledged, will retry: {}", pending.get(i).id(), e.getMessage());
            }
        }
        return acknowledged;
    }

    private void drain() {
        try {
            int sent;
            do {
                sent = publishPending();
            } while (sent == properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("Outbox pass failed, will retry: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::drain, properties.pollInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
            task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
