package dev.trainboard.tfevents.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** Where serialized events go, in order; {@link EventFile} is the one that writes to disk. */
public interface EventSink extends Closeable {

    void append(byte[] serializedEvent) throws IOException;

    /** Makes everything appended visible to readers. */
    void flush() throws IOException;

    /** Flushes and makes everything appended durable. */
    void sync() throws IOException;

    /** Syncs and releases the sink. */
    @Override
    void close() throws IOException;

    /** The file behind the sink, for messages and for callers that want to know where events go. */
    Path path();
}
