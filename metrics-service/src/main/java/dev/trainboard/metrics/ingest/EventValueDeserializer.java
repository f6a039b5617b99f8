package dev.trainboard.metrics.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.core.NestedExceptionUtils;

/**
 * The value deserializer of the events listener. It keeps a record's value bytes, as they came, in a header beside
 * the value the delegate reads from them (the header holds the same array, no copy), so that a rejected record goes
 * to the dead-letter topic byte for byte. A value the delegate cannot read arrives as null with the reason in a
 * second header, for admission to refuse as unparsable, instead of stopping the consumer.
 *
 * <p>This is what spring-kafka's {@code ErrorHandlingDeserializer} does, but that one Java-serializes every failure
 * (the exception with its stack trace and the value) into a header, even when a failed-deserialization function
 * supplies the value, and reading it back meant deserializing it again: together 40 % of a consumer thread's time
 * in a poison burst (docs/benchmarks.md, "Reject path"). The reason here is one line of plain text.
 */
public final class EventValueDeserializer<T> implements Deserializer<T> {

    /** The header holding the raw value; never sent on. */
    static final String RAW_VALUE_HEADER = "trainboard-raw-value";
    /** Why the value could not be read (UTF-8), on records whose value is null for that reason; never sent on. */
    static final String FAILURE_HEADER = "trainboard-value-failure";

    private final Deserializer<T> delegate;

    public EventValueDeserializer(Deserializer<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return delegate.deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        // Headers of these names from a producer would pass for this deserializer's own.
        headers.remove(RAW_VALUE_HEADER);
        headers.remove(FAILURE_HEADER);
        if (data == null) {
            return null;
        }
        headers.add(RAW_VALUE_HEADER, data);
        try {
            return delegate.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            headers.add(FAILURE_HEADER, reason(e).getBytes(StandardCharsets.UTF_8));
            return null;
        }
    }

    /** The parser's own words about the value (the innermost cause's), first line only. */
    private static String reason(RuntimeException e) {
        String message = String.valueOf(NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
