package dev.trainboard.metrics.check;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.reader.EventFileReader;
import dev.trainboard.tfevents.reader.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run directory as the tfevents reader reads it: each event with the attempt of its file (the file's
 * sequence number), in file order, and a note for every file the reader could not read to its end.
 */
record RunFilesContent(List<FileEvent> events, List<String> unreadable) {

    /** One event and the attempt of the file it came from. */
    record FileEvent(int attempt, Event event) {
    }

    static RunFilesContent read(Path runDir) {
        List<FileEvent> events = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (!Files.isDirectory(runDir)) {
            return new RunFilesContent(events, unreadable);
        }
        try {
            for (Path file : RunReader.eventFiles(runDir)) {
                int attempt = attemptOf(file);
                try (EventFileReader reader = EventFileReader.open(file)) {
                    reader.readRemaining().forEach(event -> events.add(new FileEvent(attempt, event)));
                    if (reader.stoppedAtTruncatedRecord()) {
                        unreadable.add(file.getFileName() + " ends in a truncated record at byte " + reader.offset());
                    }
                } catch (IOException | RuntimeException e) {
                    unreadable.add(file.getFileName() + " cannot be read: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            unreadable.add(runDir + " cannot be listed: " + e.getMessage());
        }
        return new RunFilesContent(events, unreadable);
    }

    /**
     * Without what later attempts resumed over: when attempt a resumed at step s, the service deleted the earlier
     * attempts' rows at or after s (docs/architecture.md, "Resume"), while their files, written before, keep
     * them; TensorBoard drops them at attempt a's restart marker, and so does the comparison.
     *
     * @param resumedAt the step each resumed attempt started from, by attempt
     */
    RunFilesContent withoutResumedTails(Map<Integer, Long> resumedAt) {
        List<FileEvent> kept = events.stream().filter(fileEvent -> resumedAt.entrySet().stream().noneMatch(resumed ->
                fileEvent.attempt() < resumed.getKey() && fileEvent.event().getStep() >= resumed.getValue())).toList();
        return new RunFilesContent(kept, unreadable);
    }

    private static int attemptOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
