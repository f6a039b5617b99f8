package dev.trainboard.trainer.system;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import tools.jackson.core.JacksonException;

/**
 * Parks a record the trainer will not act on: one warning line with the reason (no stack trace, no record
 * content beyond a bounded excerpt), then the record as it arrived on the dead-letter topic, with the reason in the
 * {@value #REASON_HEADER} header. The trainer reports nothing about the job: the record may not be the job's at all.
 */
class DeadLetterRecoverer implements ConsumerRecordRecoverer {

    /** The header that says why the record was parked. */
    static final String REASON_HEADER = "trainboard-reject-reason";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final DeadLetterPublishingRecoverer deadLetters;

    DeadLetterRecoverer(KafkaOperations<Object, Object> kafka, String deadLetterTopic) {
        this.deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(deadLetterTopic, -1));
        // The reason header says what matters; a stack trace per record would make every parked record heavy.
        deadLetters.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        deadLetters.setHeadersFunction((record, exception) -> new RecordHeaders().add(REASON_HEADER,
                reason(exception).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        log.warn("{}-{}@{} (key '{}') rejected: {}", record.topic(), record.partition(), record.offset(),
                RecordChecks.abbreviate(record.key() == null ? null : record.key().toString()), reason(exception));
        deadLetters.accept(record, exception);
    }

    /**
     * The message that names the problem: the rejection's reason, or Jackson's own words about the record (the
     * deserializer's exception only says that it failed), first line only and bounded.
     */
    static String reason(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedRecordException) {
                return cause.getMessage();
            }
            if (cause instanceof DeserializationException failed && failed.getData() != null) {
                try {
                    EventJson.mapper().readValue(failed.getData(), EventEnvelope.class);
                } catch (JacksonException e) {
                    return "unreadable: " + RecordChecks.abbreviate(firstLine(e.getOriginalMessage()), RecordChecks.MAX_REASON);
                }
            }
        }
        return RecordChecks.abbreviate(firstLine(String.valueOf(exception)), RecordChecks.MAX_REASON);
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse(message).strip();
    }
}
