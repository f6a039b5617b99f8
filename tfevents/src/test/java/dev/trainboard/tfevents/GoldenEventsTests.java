package dev.trainboard.tfevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.tfevents.record.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of event the writer produces, byte for byte, against frozen golden records. */
class GoldenEventsTests {

    @TempDir
    Path dir;

    @Test
    void everyRecordMatchesItsGoldenFile() throws Exception {
        byte[] file = Files.readAllBytes(GoldenRun.write(dir.resolve("run")));
        RecordReader records = new RecordReader(new ByteArrayInputStream(file), "golden");
        for (String kind : GoldenRun.KINDS) {
            long start = records.offset();
            assertThat(records.next()).as(kind).isNotNull();
            byte[] record = Arrays.copyOfRange(file, (int) start, (int) records.offset());
            assertThat(Hex.of(record)).as(kind).isEqualTo(golden(kind));
        }
        assertThat(records.next()).isNull();
        assertThat(records.offset()).isEqualTo(file.length);
    }

    @Test
    void theScalarRecordIsTheHandDerivedVectorOfTheFormatReference() throws Exception {
        String vector = "1a00000000000000 129bd82d 0900002040fc54d941 1001 2a0d 0a0b 0a046c6f7373 150000803e e4ae850a";
        assertThat(golden("scalar")).isEqualTo(vector.replace(" ", ""));
    }

    private static String golden(String kind) throws Exception {
        try (InputStream in = GoldenEventsTests.class.getResourceAsStream("/golden/" + kind + ".hex")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
