package dev.trainboard.metrics.ingest;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Keeps a record's value bytes, as they came, in a header beside the value the delegate reads from them (the
 * header holds the same array, no copy), so that a rejected record goes to the dead-letter topic byte for byte.
 */
public final class RawValueDeserializer<T> implements Deserializer<T> {

    /** The header holding the raw value; never sent on. */
    static final String HEADER = "trainboard-raw-value";

    private final Deserializer<T> delegate;

    public RawValueDeserializer(Deserializer<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return delegate.deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data != null) {
            headers.add(HEADER, data);
        }
        return delegate.deserialize(topic, headers, data);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
