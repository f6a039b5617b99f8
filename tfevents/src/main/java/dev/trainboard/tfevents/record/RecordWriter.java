package dev.trainboard.tfevents.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;

/**
 * Frames records as TFRecords onto a channel: {@code uint64 length, masked CRC32C of the length, data,
 * masked CRC32C of the data}, all little-endian. Records are collected in a buffer and reach the channel
 * on {@link #flush()} or when the buffer is full. Not thread-safe: one thread owns a writer.
 */
public final class RecordWriter {

    /** Bytes a record takes on disk besides its data. */
    public static final int OVERHEAD = 8 + 4 + 4;

    private static final int DEFAULT_BUFFER_BYTES = 256 * 1024;

    private final WritableByteChannel channel;
    private final ByteBuffer buffer;
    private final byte[] bytes;
    private final CRC32C crc = new CRC32C();

    public RecordWriter(WritableByteChannel channel) {
        this(channel, DEFAULT_BUFFER_BYTES);
    }

    public RecordWriter(WritableByteChannel channel, int bufferBytes) {
        this.channel = channel;
        this.bytes = new byte[Math.max(bufferBytes, 64)];
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends one record holding {@code data}. */
    public void write(byte[] data) throws IOException {
        int needed = data.length + OVERHEAD;
        if (needed > buffer.remaining()) {
            flush();
            if (needed > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(frame(data)));
                return;
            }
        }
        int start = buffer.position();
        buffer.putLong(data.length);
        buffer.putInt(masked(bytes, start, 8));
        buffer.put(data);
        buffer.putInt(masked(data, 0, data.length));
    }

    /** Hands every buffered record to the channel. */
    public void flush() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    /** One framed record as bytes: what {@link #write} appends for {@code data}. */
    public static byte[] frame(byte[] data) {
        ByteBuffer framed = ByteBuffer.allocate(data.length + OVERHEAD).order(ByteOrder.LITTLE_ENDIAN);
        framed.putLong(data.length);
        framed.putInt(MaskedCrc32c.of(framed.array(), 0, 8));
        framed.put(data);
        framed.putInt(MaskedCrc32c.of(data, 0, data.length));
        return framed.array();
    }

    private int masked(byte[] data, int offset, int length) {
        crc.reset();
        crc.update(data, offset, length);
        return MaskedCrc32c.mask((int) crc.getValue());
    }

    private void writeFully(ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source);
        }
    }
}
