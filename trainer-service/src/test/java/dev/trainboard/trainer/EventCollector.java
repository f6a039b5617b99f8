package dev.trainboard.trainer;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobStatusChanged;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads everything the trainer publishes on one topic, in order, and hands it out per job. */
public final class EventCollector implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    public EventCollector(String brokers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-collector-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Every envelope of the job received so far, in the order the broker holds them. */
    public synchronized List<EventEnvelope> of(UUID jobId) {
        return poll().stream().filter(record -> jobId.toString().equals(record.key()))
                .map(record -> EventJson.mapper().readValue(record.value(), EventEnvelope.class)).toList();
    }

    /** The keys of every record received so far, parsable or not. */
    public synchronized List<String> keys() {
        return poll().stream().map(ConsumerRecord::key).toList();
    }

    /** The given header of every record with the key received so far, as text. */
    public synchronized List<String> header(String key, String name) {
        return poll().stream().filter(record -> key.equals(record.key()))
                .map(record -> record.headers().lastHeader(name))
                .map(header -> header == null ? null : new String(header.value(), StandardCharsets.UTF_8)).toList();
    }

    private List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return received;
    }

    public <T extends EventPayload> List<T> payloads(UUID jobId, Class<T> type) {
        return of(jobId).stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).toList();
    }

    /** The job's terminal status, or null while it has none. */
    public JobStatusChanged terminal(UUID jobId) {
        return payloads(jobId, JobStatusChanged.class).stream().filter(status -> status.status().isTerminal())
                .findFirst().orElse(null);
    }

    public boolean hasStatus(UUID jobId, JobStatus status, int attempt) {
        return of(jobId).stream().anyMatch(envelope -> envelope.attempt() == attempt
                && envelope.payload() instanceof JobStatusChanged changed && changed.status() == status);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
