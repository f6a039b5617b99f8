package dev.trainboard.trainer.system;

import dev.trainboard.events.EventEnvelope;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The checks every record the trainer consumes passes first: its key is its job id and its envelope is valid. */
public final class RecordChecks {

    /** Longest text of a record (a key, a run name) quoted in a log line or a reason. */
    private static final int MAX_QUOTED = 80;
    /** Longest reason, which may quote a parser's message. */
    static final int MAX_REASON = 300;

    private RecordChecks() {
    }

    /**
     * The record's envelope.
     *
     * @throws RejectedRecordException when the record is empty, the key is not the envelope's job id or the envelope
     *     breaks a constraint
     */
    public static EventEnvelope validEnvelope(ConsumerRecord<?, EventEnvelope> record, Validator validator) {
        EventEnvelope envelope = record.value();
        if (envelope == null) {
            throw new RejectedRecordException("the record has no value");
        }
        String key = record.key() == null ? null : record.key().toString();
        if (!envelope.jobId().toString().equals(key)) {
            throw new RejectedRecordException("record key '" + abbreviate(key) + "' is not the job id " + envelope.jobId());
        }
        Set<ConstraintViolation<EventEnvelope>> violations = validator.validate(envelope);
        if (!violations.isEmpty()) {
            // The messages name the rule, never the offending value, so a huge field stays out of the log.
            throw new RejectedRecordException("invalid " + envelope.payload().getClass().getSimpleName() + ": "
                    + violations.stream().map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                            .sorted().collect(Collectors.joining(", ")));
        }
        return envelope;
    }

    /** Record text cut to a length fit for one log line. */
    public static String abbreviate(String text) {
        return abbreviate(text, MAX_QUOTED);
    }

    static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... (" + text.length() + " characters)";
    }
}
