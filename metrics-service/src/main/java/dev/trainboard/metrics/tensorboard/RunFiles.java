package dev.trainboard.metrics.tensorboard;

import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.reader.RunReader;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens event files in a run directory. The file's sequence number is the attempt, so files sort by attempt
 * and a directory listing tells which attempts have files already.
 */
final class RunFiles {

    private RunFiles() {
    }

    /**
     * A writer for a new file of {@code attempt}. The first file of an attempt starts with a restart marker
     * at {@code firstStep}, so TensorBoard drops what earlier attempts logged from there on; a later file of
     * the same attempt (after an idle close, a service restart or a rebuild) continues without one.
     */
    static SummaryWriter open(Path runDir, int attempt, long firstStep) throws IOException {
        boolean continuing = highestAttempt(runDir) == attempt;
        SummaryWriter.Builder builder = SummaryWriter.builder(runDir).fileSequence(attempt);
        if (!continuing) {
            builder.restartAt(firstStep);
        }
        try {
            return builder.open();
        } catch (FileAlreadyExistsException e) {
            // File names carry whole seconds: a file of this attempt was opened within the current second.
            sleepUntilNextSecond();
            return builder.open();
        }
    }

    /** The attempt of the newest event file in the directory, or 0 when there is none. */
    static int highestAttempt(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return 0;
        }
        List<Path> files = RunReader.eventFiles(runDir);
        if (files.isEmpty()) {
            return 0;
        }
        String name = files.get(files.size() - 1).getFileName().toString();
        try {
            return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleepUntilNextSecond() {
        try {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
