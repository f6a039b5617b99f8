package dev.trainboard.tfevents.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.tfevents.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordWriterTests {

    // Section 7 of the format reference: Event{wall_time=1700000000.0, file_version="brain.Event:2"}.
    static final byte[] FILE_VERSION_EVENT = Hex.bytes("0900000040fc54d941 1a0d"
            + Hex.of("brain.Event:2".getBytes(StandardCharsets.US_ASCII)));
    static final String FILE_VERSION_RECORD = "1800000000000000 a37f4b22 " + Hex.of(FILE_VERSION_EVENT) + " eced8f9d";

    // Event{wall_time=1700000000.5, step=1, summary{value{tag="loss", simple_value=0.25}}}.
    static final byte[] SCALAR_EVENT = Hex.bytes("0900002040fc54d941 1001 2a0d 0a0b 0a046c6f7373 150000803e");
    static final String SCALAR_RECORD = "1a00000000000000 129bd82d " + Hex.of(SCALAR_EVENT) + " e4ae850a";

    @Test
    void framesTheFileVersionVector() {
        assertThat(FILE_VERSION_EVENT).hasSize(24);
        byte[] record = RecordWriter.frame(FILE_VERSION_EVENT);
        assertThat(record).hasSize(40).isEqualTo(Hex.bytes(FILE_VERSION_RECORD));
    }

    @Test
    void framesTheScalarVector() {
        assertThat(SCALAR_EVENT).hasSize(26);
        assertThat(RecordWriter.frame(SCALAR_EVENT)).hasSize(42).isEqualTo(Hex.bytes(SCALAR_RECORD));
    }

    @Test
    void bufferedRecordsReachTheChannelOnFlushBackToBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordWriter writer = new RecordWriter(Channels.newChannel(out));
        writer.write(FILE_VERSION_EVENT);
        writer.write(SCALAR_EVENT);
        assertThat(out.size()).isZero();
        writer.flush();
        assertThat(out.toByteArray()).isEqualTo(Hex.bytes(FILE_VERSION_RECORD + SCALAR_RECORD));
    }

    @Test
    void recordsLargerThanTheBufferAreWrittenWhole() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordWriter writer = new RecordWriter(Channels.newChannel(out), 64);
        byte[] big = new byte[1000];
        Arrays.fill(big, (byte) 7);
        writer.write(SCALAR_EVENT);
        writer.write(big);
        writer.write(SCALAR_EVENT);
        writer.flush();
        byte[] expected = concat(RecordWriter.frame(SCALAR_EVENT), RecordWriter.frame(big),
                RecordWriter.frame(SCALAR_EVENT));
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void emptyRecordHasOnlyFraming() {
        byte[] record = RecordWriter.frame(new byte[0]);
        assertThat(record).hasSize(RecordWriter.OVERHEAD);
        assertThat(Arrays.copyOfRange(record, 0, 8)).isEqualTo(new byte[8]);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
