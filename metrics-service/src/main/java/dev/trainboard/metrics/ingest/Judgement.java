package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EventEnvelope;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What admission decided about a batch: the envelopes to store, in order; the records to reject; and the state
 * to record with the stored envelopes (tags used for the first time, where jobs ended).
 */
record Judgement(List<EventEnvelope> accepted, List<Rejected> rejected, List<RunState.TagClaim> claims,
        List<RunState.Finish> finishes) {

    /** A refused record: the dead-letter topic gets its value as it came ({@link EventValueDeserializer}). */
    record Rejected(ConsumerRecord<String, EventEnvelope> record, RejectReason reason, String message) {

        /** Longest reason kept: it goes into a log line and a header, and may quote hostile input. */
        static final int MAX_MESSAGE = 500;

        Rejected {
            StringBuilder printable = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 3));
            for (int i = 0; i < message.length() && i < MAX_MESSAGE; i++) {
                char c = message.charAt(i);
                printable.append(Character.isISOControl(c) ? '?' : c);
            }
            if (message.length() > MAX_MESSAGE) {
                printable.append("...");
            }
            message = printable.toString();
        }
    }
}
