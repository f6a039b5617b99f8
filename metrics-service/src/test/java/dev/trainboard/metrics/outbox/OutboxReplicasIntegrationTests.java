package dev.trainboard.metrics.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.metrics.support.WithTestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replicas of the service each run a relay on the same outbox table. Two relays drain one outbox at once, in
 * small batches so that they contend for the same rows: {@code for update skip locked} hands each row to one
 * of them, so every message reaches Kafka exactly once.
 */
@WithTestDatabase
@SpringBootTest(properties = {"spring.kafka.listener.auto-startup=false", "trainboard.outbox.poll-interval=1h"})
@ActiveProfiles("test")
@DirtiesContext
class OutboxReplicasIntegrationTests {

    private static final String TOPIC = "outbox-replicas-test";
    private static final int MESSAGES = 400;

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @Autowired
    OutboxRepository outbox;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TaskScheduler scheduler;

    @Autowired
    KafkaAdmin admin;

    @Test
    void twoRelaysOnOneOutboxPublishEveryMessageOnce() throws Exception {
        admin.createOrModifyTopics(new NewTopic(TOPIC, 3, (short) 1));
        List<String> keys = new ArrayList<>();
        transactions.executeWithoutResult(status -> IntStream.range(0, MESSAGES).forEach(i -> {
            EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID(), 1,
                    new JobSubmitted(JobSpec.tutorial("replica-" + i)));
            keys.add(envelope.jobId().toString());
            outbox.add(TOPIC, envelope);
        }));

        AtomicInteger firstSent = new AtomicInteger();
        AtomicInteger secondSent = new AtomicInteger();
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> drain(relay(), firstSent)),
                CompletableFuture.runAsync(() -> drain(relay(), secondSent))).get();

        assertThat(outbox.countPending()).isZero();
        assertThat(firstSent.get() + secondSent.get()).isEqualTo(MESSAGES);
        assertThat(firstSent.get()).as("messages the first relay sent").isPositive();
        assertThat(secondSent.get()).as("messages the second relay sent").isPositive();
        Map<String, Integer> published = readAll(System.getProperty("spring.embedded.kafka.brokers"));
        assertThat(published).hasSize(MESSAGES).containsOnlyKeys(keys);
        assertThat(published.values()).allMatch(count -> count == 1);
    }

    private OutboxRelay relay() {
        return new OutboxRelay(outbox, kafka, transactions, scheduler, new OutboxProperties(Duration.ofHours(1), 10),
                new SimpleMeterRegistry());
    }

    private void drain(OutboxRelay relay, AtomicInteger sent) {
        while (outbox.countPending() > 0) {
            sent.addAndGet(relay.publishPending());
        }
    }

    /** Every record of the topic, counted by key, once a second passes without a new one. */
    private static Map<String, Integer> readAll(String bootstrap) {
        Map<String, Integer> byKey = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            AtomicInteger total = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    byKey.merge(record.key(), 1, Integer::sum);
                    total.incrementAndGet();
                });
                return total.get() >= MESSAGES;
            });
            Instant quietUntil = Instant.now().plusSeconds(1);
            while (Instant.now().isBefore(quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> byKey.merge(record.key(), 1, Integer::sum));
            }
        }
        return byKey;
    }
}
