package dev.trainboard.tfevents.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.record.CorruptRecordException;
import dev.trainboard.tfevents.record.RecordWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileReaderTests {

    @TempDir
    Path dir;

    @Test
    void aRecordWithGoodChecksumsButNoEventInsideIsCorruptAtItsOffset() throws Exception {
        Path file = writeRun();
        long goodLength = Files.size(file);
        Files.write(file, RecordWriter.frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}),
                StandardOpenOption.APPEND);
        try (EventFileReader reader = EventFileReader.open(file)) {
            assertThat(reader.next().getFileVersion()).isEqualTo("brain.Event:2");
            assertThat(reader.next().getStep()).isEqualTo(1);
            assertThat(reader.next().getStep()).isEqualTo(2);
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(CorruptRecordException.class,
                            e -> assertThat(e.offset()).isEqualTo(goodLength))
                    .hasMessageContaining("not an Event");
        }
    }

    @Test
    void aFileCutInsideItsLastRecordYieldsTheCompleteEvents() throws Exception {
        Path file = writeRun();
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("events.out.tfevents.cut"), Arrays.copyOf(bytes, bytes.length - 1));
        try (EventFileReader reader = EventFileReader.open(cut)) {
            List<Event> events = reader.readRemaining();
            assertThat(events).extracting(Event::getStep).containsExactly(0L, 1L);
            assertThat(reader.stoppedAtTruncatedRecord()).isTrue();
            assertThat(reader.offset()).isLessThan(bytes.length - 1);
        }
        assertThat(EventFileReader.readAll(cut)).hasSize(2);
    }

    @Test
    void readsWhatALiveWriterHasFlushed() throws Exception {
        try (SummaryWriter writer = SummaryWriter.open(dir.resolve("live"))) {
            writer.addScalar("loss", 1, 1, 1);
            writer.flush();
            assertThat(EventFileReader.readAll(writer.file())).extracting(Event::getStep).containsExactly(0L, 1L);
            writer.addScalar("loss", 1, 2, 2);
            writer.flush();
            assertThat(RunReader.readRun(dir.resolve("live"))).hasSize(3);
        }
    }

    @Test
    void runReaderListsOnlyEventFilesInNameOrder() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("sub"));
        Files.write(run.resolve("events.out.tfevents.0000000002.h.1.000000"), new byte[0]);
        Files.write(run.resolve("events.out.tfevents.0000000001.h.1.000001"), new byte[0]);
        Files.write(run.resolve("projector_config.pbtxt"), new byte[0]);
        assertThat(RunReader.eventFiles(run)).extracting(p -> p.getFileName().toString()).containsExactly(
                "events.out.tfevents.0000000001.h.1.000001", "events.out.tfevents.0000000002.h.1.000000");
        assertThat(RunReader.runDirectories(dir)).containsExactly(run);
    }

    private Path writeRun() throws Exception {
        try (SummaryWriter writer = SummaryWriter.open(dir.resolve("run"))) {
            writer.addScalar("loss", 1, 1, 1);
            writer.addScalar("loss", 0.5, 2, 2);
            return writer.file();
        }
    }
}
