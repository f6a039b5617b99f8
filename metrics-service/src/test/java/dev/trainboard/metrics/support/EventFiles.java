package dev.trainboard.metrics.support;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.reader.EventFileReader;
import dev.trainboard.tfevents.reader.RunReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads a run directory back through the tfevents reader and describes its content for comparisons. */
public final class EventFiles {

    private EventFiles() {
    }

    public static List<Path> files(Path runDir) {
        try {
            return Files.isDirectory(runDir) ? RunReader.eventFiles(runDir) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Event> read(Path file) {
        try {
            return EventFileReader.readAll(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every summary value of the file as {@code step tag=value} lines, plus graph and restart markers. */
    public static List<String> describe(Path file) {
        List<String> lines = new ArrayList<>();
        for (Event event : read(file)) {
            if (event.hasSummary()) {
                for (Summary.Value value : event.getSummary().getValueList()) {
                    lines.add(event.getStep() + " " + value.getTag() + "=" + HexFormat.of().formatHex(
                            value.toBuilder().clearTag().build().toByteArray()));
                }
            } else if (event.hasGraphDef()) {
                lines.add("graph " + event.getGraphDef().size() + " bytes");
            } else if (event.hasSessionLog()) {
                lines.add(event.getStep() + " session " + event.getSessionLog().getStatus());
            }
        }
        return lines.stream().sorted().toList();
    }

    /** The run's scalars over all its files, in file order, as {@link #scalars} gives them. */
    public static List<String> runScalars(Path runDir) {
        return files(runDir).stream().flatMap(file -> scalars(file).stream()).toList();
    }

    /** The scalar values of a file as {@code tag@step} to value. */
    public static List<String> scalars(Path file) {
        List<String> scalars = new ArrayList<>();
        for (Event event : read(file)) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (value.hasSimpleValue()) {
                    scalars.add(value.getTag() + "@" + event.getStep() + "=" + value.getSimpleValue());
                }
            }
        }
        return scalars;
    }
}
