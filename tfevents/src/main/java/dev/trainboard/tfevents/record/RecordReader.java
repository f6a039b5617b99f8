package dev.trainboard.tfevents.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads TFRecords back and checks both checksums. A record cut off at the end of the input is not an
 * error (a live writer may be in the middle of it): {@link #next()} returns {@code null} and
 * {@link #stoppedAtTruncatedRecord()} tells it apart from a clean end. Not thread-safe.
 */
public final class RecordReader {

    private static final int HEADER_BYTES = 12;

    private final InputStream in;
    private final String source;
    private final byte[] header = new byte[HEADER_BYTES];
    private final byte[] footer = new byte[4];
    private long offset;
    private boolean truncated;

    /**
     * @param in     the records, read from their first byte (wrap it in a buffered stream)
     * @param source names the input in error messages, usually the file path
     */
    public RecordReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * The next record's data, or {@code null} at the end of the input or at a partial last record.
     *
     * @throws CorruptRecordException when a checksum does not match
     */
    public byte[] next() throws IOException {
        if (truncated) {
            return null;
        }
        int headerRead = readUpTo(header, HEADER_BYTES);
        if (headerRead == 0) {
            return null;
        }
        if (headerRead < HEADER_BYTES) {
            truncated = true;
            return null;
        }
        ByteBuffer headerView = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = headerView.getLong(0);
        int lengthCrc = headerView.getInt(8);
        if (MaskedCrc32c.of(header, 0, 8) != lengthCrc) {
            throw new CorruptRecordException(source, offset, "length checksum mismatch");
        }
        if (length < 0 || length > Integer.MAX_VALUE - 16) {
            throw new CorruptRecordException(source, offset, "record length " + Long.toUnsignedString(length)
                    + " is too large");
        }
        byte[] data = new byte[(int) length];
        if (readUpTo(data, data.length) < data.length || readUpTo(footer, 4) < 4) {
            truncated = true;
            return null;
        }
        int dataCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (MaskedCrc32c.of(data, 0, data.length) != dataCrc) {
            throw new CorruptRecordException(source, offset, "data checksum mismatch");
        }
        offset += HEADER_BYTES + length + 4;
        return data;
    }

    /** Offset of the next record to read: after {@link #next()} returned a record, the end of that record. */
    public long offset() {
        return offset;
    }

    /** Whether the input ended inside a record, which is normal while a writer is still writing it. */
    public boolean stoppedAtTruncatedRecord() {
        return truncated;
    }

    /** Name of the input, as used in error messages. */
    public String source() {
        return source;
    }

    private int readUpTo(byte[] target, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(target, total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
