package dev.trainboard.metrics.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning, without a consumer group, and picks out one key's records. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Waits until exactly {@code expected} records with {@code key} are on the topic and a second passes without more. */
    public static List<ConsumerRecord<String, byte[]>> expect(String bootstrap, String topic, String key, int expected) {
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            // Until the topic's metadata reaches the broker, partitionsFor times out: ask again.
            await().ignoreExceptionsInstanceOf(TimeoutException.class).atMost(Duration.ofSeconds(30)).until(() -> {
                partitions.clear();
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                return !partitions.isEmpty();
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                collect(consumer, key, matching);
                return matching.size() >= expected;
            });
            Instant quietUntil = Instant.now().plusSeconds(1);
            while (Instant.now().isBefore(quietUntil)) {
                collect(consumer, key, matching);
            }
            assertThat(matching).as("records with key %s on %s", key, topic).hasSize(expected);
            return matching;
        }
    }

    private static void collect(Consumer<String, byte[]> consumer, String key,
            List<ConsumerRecord<String, byte[]>> matching) {
        consumer.poll(Duration.ofMillis(100)).forEach(record -> {
            if (key.equals(record.key())) {
                matching.add(record);
            }
        });
    }
}
