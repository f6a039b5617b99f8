package dev.trainboard.metrics.support;

import com.google.protobuf.TextFormat;
import dev.trainboard.tfevents.file.EventFileName;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.projector.Embeddings;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.reader.EventFileReader;
import dev.trainboard.tfevents.reader.RunReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

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

    /**
     * The run's files other than event files (the projector's), as {@code path size hash} lines in path order:
     * their content, without the event files' names, which hold the time they were opened.
     */
    public static List<String> otherFiles(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(runDir)) {
            List<String> lines = new ArrayList<>();
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = runDir.relativize(file).toString();
                if (file.equals(runDir.resolve(Embeddings.CONFIG_FILE))) {
                    // The projector lists embeddings in the order they were written: compare them as a set.
                    Embeddings.readConfig(runDir).getEmbeddingsList().stream()
                            .map(info -> name + " " + TextFormat.shortDebugString(info)).sorted().forEach(lines::add);
                } else if (!EventFileName.isEventFile(file.getFileName().toString())) {
                    byte[] content = Files.readAllBytes(file);
                    lines.add(name + " " + content.length + " " + Arrays.hashCode(content));
                }
            }
            return lines;
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
