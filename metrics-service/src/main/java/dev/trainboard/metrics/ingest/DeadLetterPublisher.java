package dev.trainboard.metrics.ingest;

import dev.trainboard.events.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Parks rejected records on {@code trainboard.events.DLT}: the original key and value bytes, the original headers,
 * where the record was read, and why it was refused. Sends do not wait for one another; the listener waits for
 * all of a batch's sends once, before its offsets are committed, so a record the broker did not take is read again.
 */
@Component
class DeadLetterPublisher {

    /** Why the record was refused, in words (UTF-8). */
    static final String REASON_HEADER = "trainboard-reject-reason";
    /** Which rule refused it: a {@link RejectReason#label()}. */
    static final String REASON_KIND_HEADER = "trainboard-reject-kind";

    private final KafkaTemplate<String, Object> kafka;
    private final IngestMetrics metrics;

    DeadLetterPublisher(KafkaTemplate<String, Object> kafka, IngestMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** Starts sending the rejected records; {@link Sending#await} waits for them. */
    Sending publish(List<Judgement.Rejected> rejected) {
        List<CompletableFuture<?>> sends = new ArrayList<>(rejected.size());
        for (Judgement.Rejected reject : rejected) {
            var record = reject.record();
            Header raw = record.headers().lastHeader(EventValueDeserializer.RAW_VALUE_HEADER);
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                // What the deserializer added stays behind: the raw value is the record's value, the failure is in
                // the reason header.
                if (!header.key().equals(EventValueDeserializer.RAW_VALUE_HEADER)
                        && !header.key().equals(EventValueDeserializer.FAILURE_HEADER)) {
                    headers.add(header);
                }
            }
            headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array());
            headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array());
            headers.add(REASON_KIND_HEADER, reject.reason().label().getBytes(StandardCharsets.UTF_8));
            headers.add(REASON_HEADER, reject.message().getBytes(StandardCharsets.UTF_8));
            byte[] value = raw == null ? null : raw.value();
            sends.add(kafka.send(new ProducerRecord<>(Topics.EVENTS_DEAD_LETTER, null, record.key(), value, headers))
                    .thenRun(metrics::deadLettered));
        }
        return new Sending(sends);
    }

    /** The sends of one batch. */
    record Sending(List<CompletableFuture<?>> sends) {

        /** Waits for every send; throws when one failed, so that the batch is not committed and is read again. */
        void await() {
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                throw new DeadLetterException("Could not park rejected records on " + Topics.EVENTS_DEAD_LETTER
                        + "; the batch is read again", e.getCause());
            }
        }
    }

    /** A rejected record did not reach the dead-letter topic. */
    static final class DeadLetterException extends RuntimeException {

        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
