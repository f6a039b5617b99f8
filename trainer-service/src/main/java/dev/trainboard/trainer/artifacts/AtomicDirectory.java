package dev.trainboard.trainer.artifacts;

import dev.trainboard.trainer.training.Checkpointing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a directory so that it appears whole or not at all: its files go into a {@code .tmp-<random>} sibling,
 * an empty {@code COMPLETE} file goes last, every file and the directory are fsynced, and one rename puts it in
 * place. A reader takes only directories that hold {@code COMPLETE}; whatever a crash leaves behind is
 * {@linkplain #removeLeftovers removed} before the next attempt writes.
 */
final class AtomicDirectory {

    static final String COMPLETE = "COMPLETE";
    private static final String TEMPORARY_PREFIX = ".tmp-";

    private AtomicDirectory() {
    }

    /**
     * Writes {@code target} and returns the bytes of its files. An existing {@code target} (the same checkpoint
     * saved again by a resumed attempt) is replaced: it is moved aside first and deleted after the rename.
     */
    static long write(Path target, Checkpointing.Contents contents) {
        Path parent = target.getParent();
        Path temporary = parent.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temporary);
            contents.writeInto(temporary);
            Files.createFile(temporary.resolve(COMPLETE));
            long bytes = 0;
            for (Path file : files(temporary)) {
                fsync(file, StandardOpenOption.WRITE);
                bytes += Files.size(file);
            }
            fsync(temporary, StandardOpenOption.READ);
            Path replaced = null;
            if (Files.exists(target)) {
                replaced = parent.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
                Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            fsync(parent, StandardOpenOption.READ);
            if (replaced != null) {
                deleteTree(replaced);
            }
            return bytes;
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("writing " + target + " failed", e);
        }
    }

    static boolean isComplete(Path directory) {
        return Files.isRegularFile(directory.resolve(COMPLETE));
    }

    /**
     * Deletes what interrupted writes left in {@code parent}: temporary directories, and (with
     * {@code incompleteToo}) directories without {@code COMPLETE}. Only the attempt that owns the job calls this,
     * so nothing is being written there.
     */
    static void removeLeftovers(Path parent, boolean incompleteToo) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                boolean temporary = child.getFileName().toString().startsWith(TEMPORARY_PREFIX);
                if (temporary || incompleteToo && !isComplete(child)) {
                    deleteTree(child);
                }
            }
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void fsync(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteTree(directory);
        } catch (IOException e) {
            // Left for removeIncomplete: a temporary directory is never read.
        }
    }
}
