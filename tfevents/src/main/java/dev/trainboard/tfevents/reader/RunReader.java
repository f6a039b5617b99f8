package dev.trainboard.tfevents.reader;

import dev.trainboard.tfevents.file.EventFileName;
import dev.trainboard.tfevents.proto.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads runs the way TensorBoard finds them: a run is a directory directly holding event files. */
public final class RunReader {

    private RunReader() {
    }

    /** The event files directly in {@code runDir}, in name order (the order TensorBoard reads them). */
    public static List<Path> eventFiles(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> EventFileName.isEventFile(file.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    /** Every complete event of every event file of the run, file after file in name order. */
    public static List<Event> readRun(Path runDir) throws IOException {
        List<Event> events = new ArrayList<>();
        for (Path file : eventFiles(runDir)) {
            events.addAll(EventFileReader.readAll(file));
        }
        return events;
    }

    /** Every run under {@code logDir} (itself included), sorted. */
    public static List<Path> runDirectories(Path logDir) throws IOException {
        try (Stream<Path> dirs = Files.walk(logDir)) {
            List<Path> candidates = dirs.filter(Files::isDirectory).sorted().toList();
            List<Path> runs = new ArrayList<>();
            for (Path dir : candidates) {
                if (!eventFiles(dir).isEmpty()) {
                    runs.add(dir);
                }
            }
            return runs;
        }
    }
}
