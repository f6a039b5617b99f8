package dev.trainboard.tfevents.reader;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.record.CorruptRecordException;
import dev.trainboard.tfevents.record.RecordReader;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the events of one event file in order, checking both checksums of every record. A partially
 * written last record ends the file quietly (see {@link #stoppedAtTruncatedRecord()}); a bad checksum or an
 * unparseable event raises a {@link CorruptRecordException} with the record's byte offset.
 */
public final class EventFileReader implements Closeable {

    private final InputStream in;
    private final RecordReader records;

    private EventFileReader(InputStream in, String source) {
        this.in = in;
        this.records = new RecordReader(in, source);
    }

    public static EventFileReader open(Path file) throws IOException {
        return new EventFileReader(new BufferedInputStream(Files.newInputStream(file), 64 * 1024), file.toString());
    }

    /** Reads from any stream positioned at the first record. */
    public static EventFileReader of(InputStream in, String source) {
        return new EventFileReader(in, source);
    }

    /** Every complete event of {@code file}. */
    public static List<Event> readAll(Path file) throws IOException {
        try (EventFileReader reader = open(file)) {
            return reader.readRemaining();
        }
    }

    /**
     * The next event, or {@code null} at the end of the file or at a truncated last record.
     *
     * @throws CorruptRecordException when a checksum does not match or the data is not an {@code Event}
     */
    public Event next() throws IOException {
        long start = records.offset();
        byte[] data = records.next();
        if (data == null) {
            return null;
        }
        try {
            return Event.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptRecordException(records.source(), start, "not an Event: " + e.getMessage(), e);
        }
    }

    /** The events from here to the end. */
    public List<Event> readRemaining() throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event event = next(); event != null; event = next()) {
            events.add(event);
        }
        return events;
    }

    /** Byte offset just after the last event returned. */
    public long offset() {
        return records.offset();
    }

    /** Whether reading stopped at a record cut off by the end of the file (a writer may still be writing it). */
    public boolean stoppedAtTruncatedRecord() {
        return records.stoppedAtTruncatedRecord();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
