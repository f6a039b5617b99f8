package dev.trainboard.tfevents.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTests {

    private static final byte[] FIRST = RecordWriter.frame(RecordWriterTests.FILE_VERSION_EVENT);
    private static final byte[] SECOND = RecordWriter.frame(RecordWriterTests.SCALAR_EVENT);
    private static final byte[] BOTH = RecordWriterTests.concat(FIRST, SECOND);

    @Test
    void readsRecordsBackInOrderAndEndsCleanly() throws Exception {
        RecordReader reader = reader(BOTH);
        assertThat(reader.next()).isEqualTo(RecordWriterTests.FILE_VERSION_EVENT);
        assertThat(reader.offset()).isEqualTo(40);
        assertThat(reader.next()).isEqualTo(RecordWriterTests.SCALAR_EVENT);
        assertThat(reader.offset()).isEqualTo(82);
        assertThat(reader.next()).isNull();
        assertThat(reader.stoppedAtTruncatedRecord()).isFalse();
    }

    @Test
    void stopsQuietlyAtARecordCutAtAnyByte() throws Exception {
        for (int cut = FIRST.length + 1; cut < BOTH.length; cut++) {
            RecordReader reader = reader(Arrays.copyOf(BOTH, cut));
            List<byte[]> records = readAll(reader);
            assertThat(records).as("cut at %d", cut).hasSize(1);
            assertThat(reader.stoppedAtTruncatedRecord()).as("cut at %d", cut).isTrue();
            assertThat(reader.offset()).isEqualTo(FIRST.length);
        }
    }

    @Test
    void reportsABadDataChecksumWithTheRecordOffset() {
        byte[] corrupt = BOTH.clone();
        corrupt[FIRST.length + 12 + 5] ^= 0x01;
        RecordReader reader = reader(corrupt);
        assertThatThrownBy(() -> readAll(reader))
                .isInstanceOfSatisfying(CorruptRecordException.class, e -> {
                    assertThat(e.offset()).isEqualTo(FIRST.length);
                    assertThat(e).hasMessageContaining("byte offset 40").hasMessageContaining("data checksum");
                });
    }

    @Test
    void reportsABadLengthChecksumWithTheRecordOffset() {
        byte[] corrupt = BOTH.clone();
        corrupt[FIRST.length + 9] ^= 0x40;
        assertThatThrownBy(() -> readAll(reader(corrupt)))
                .isInstanceOfSatisfying(CorruptRecordException.class, e -> {
                    assertThat(e.offset()).isEqualTo(40);
                    assertThat(e).hasMessageContaining("length checksum");
                });
    }

    @Test
    void aCorruptLengthIsCaughtByItsChecksumBeforeAnyAllocation() {
        byte[] corrupt = FIRST.clone();
        corrupt[7] = 0x7f;
        assertThatThrownBy(() -> reader(corrupt).next())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("offset 0");
    }

    @Test
    void emptyInputHasNoRecordsAndIsNotTruncated() throws Exception {
        RecordReader reader = reader(new byte[0]);
        assertThat(reader.next()).isNull();
        assertThat(reader.stoppedAtTruncatedRecord()).isFalse();
    }

    private static RecordReader reader(byte[] bytes) {
        return new RecordReader(new ByteArrayInputStream(bytes), "test");
    }

    private static List<byte[]> readAll(RecordReader reader) throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (byte[] r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }
}
