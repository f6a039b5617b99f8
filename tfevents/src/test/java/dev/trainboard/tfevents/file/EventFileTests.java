package dev.trainboard.tfevents.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import dev.trainboard.tfevents.reader.EventFileReader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileTests {

    @TempDir
    Path dir;

    @Test
    void startsWithTheFileVersionFlushedAtOnce() throws Exception {
        Path runDir = dir.resolve("nested/run");
        try (EventFile file = EventFile.create(runDir, "events.out.tfevents.1.h.1.000000", 1700000000.25,
                OptionalLong.empty())) {
            List<Event> events = EventFileReader.readAll(file.path());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
            assertThat(events.get(0).getWallTime()).isEqualTo(1700000000.25);
            assertThat(events.get(0).getSourceMetadata().getWriter()).isEqualTo(EventFile.WRITER_NAME);
        }
    }

    @Test
    void writesTheRestartMarkerRightAfterTheFileVersion() throws Exception {
        try (EventFile file = EventFile.create(dir, "events.out.tfevents.1.h.1.000002", 5.0, OptionalLong.of(300))) {
            List<Event> events = EventFileReader.readAll(file.path());
            assertThat(events).hasSize(2);
            Event restart = events.get(1);
            assertThat(restart.getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
            assertThat(restart.getStep()).isEqualTo(300);
            assertThat(restart.getWallTime()).isEqualTo(5.0);
        }
    }

    @Test
    void appendedEventsAppearOnFlush() throws Exception {
        try (EventFile file = EventFile.create(dir, "events.out.tfevents.1.h.1.000000", 1, OptionalLong.empty())) {
            file.append(Event.newBuilder().setStep(7).build().toByteArray());
            assertThat(EventFileReader.readAll(file.path())).hasSize(1);
            file.flush();
            assertThat(EventFileReader.readAll(file.path())).extracting(Event::getStep).containsExactly(0L, 7L);
        }
    }

    @Test
    void neverReplacesAnExistingFile() throws Exception {
        Path existing = Files.writeString(dir.resolve("events.out.tfevents.1.h.1.000000"), "keep me");
        assertThatThrownBy(() -> EventFile.create(dir, existing.getFileName().toString(), 1, OptionalLong.empty()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }
}
