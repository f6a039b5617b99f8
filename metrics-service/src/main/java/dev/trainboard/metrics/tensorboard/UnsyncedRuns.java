package dev.trainboard.metrics.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Markers on disk for the runs whose event files may lack events that PostgreSQL already holds: one empty
 * file per job, named by its id, in {@value #DIRECTORY} under the log dir (TensorBoard skips it, it holds no
 * event files). A run is held from before a batch of its events is committed until that batch is appended,
 * and for as long as its writer is open; the marker goes when the last hold is released. A marker found by
 * the instance that takes the run's partition therefore means the run's last writer stopped in between, and
 * the run is rebuilt before that instance consumes the partition ({@link PartitionRepair}). A run whose file
 * may have lost events while the service ran (a failed append, flush or close, a store that failed with its
 * commit in doubt) keeps its marker until it is rebuilt.
 *
 * <p>Instances sharing the log dir share the directory; each creates and deletes only the markers of runs it
 * writes, and reads the others' only for the partitions it has just taken over.
 */
@Component
public class UnsyncedRuns {

    /** The directory of the markers, directly under the log dir. */
    public static final String DIRECTORY = ".unsynced";

    private static final Logger log = LoggerFactory.getLogger(UnsyncedRuns.class);

    private final Path directory;
    private final Map<UUID, Integer> holds = new HashMap<>();
    private final Set<UUID> damaged = new HashSet<>();

    public UnsyncedRuns(RunDirectories directories) {
        this.directory = directories.logdir().resolve(DIRECTORY);
    }

    /** Marks the job's run, if it is not marked yet, and counts one more hold on it. */
    public synchronized void hold(UUID jobId) {
        int before = holds.getOrDefault(jobId, 0);
        holds.put(jobId, before + 1);
        if (before == 0 && !damaged.contains(jobId)) {
            create(jobId);
        }
    }

    /** Ends one hold; the marker goes with the last one, unless the run is damaged. */
    public synchronized void release(UUID jobId) {
        Integer before = holds.get(jobId);
        if (before == null) {
            return;
        }
        if (before > 1) {
            holds.put(jobId, before - 1);
            return;
        }
        holds.remove(jobId);
        if (!damaged.contains(jobId)) {
            delete(jobId);
        }
    }

    /** Keeps the run's marker until the run is rebuilt: its files may have lost events. */
    public synchronized void markDamaged(UUID jobId) {
        if (damaged.add(jobId) && !holds.containsKey(jobId)) {
            create(jobId);
        }
    }

    /**
     * The run's files now hold everything the database holds: drops the marker and every hold. Only a rebuild
     * calls this, with ingestion and live writing stopped, so no hold is still in use.
     */
    public synchronized void repaired(UUID jobId) {
        holds.remove(jobId);
        damaged.remove(jobId);
        delete(jobId);
    }

    /** Every run marked in the log dir now, by whichever instance marked it. */
    public Set<UUID> markedOnDisk() {
        return load(directory);
    }

    private void create(UUID jobId) {
        try {
            Files.createDirectories(directory);
            Files.createFile(directory.resolve(jobId.toString()));
            // The database commit that follows is durable; the marker has to be as well.
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            // left by an earlier hold whose release could not delete it: marked all the same
        } catch (IOException e) {
            log.warn("Could not mark run of job {} as unsynced; a crash before its next clean close would "
                    + "leave its event files short until a rebuild: {}", jobId, e.toString());
        }
    }

    private void delete(UUID jobId) {
        try {
            Files.deleteIfExists(directory.resolve(jobId.toString()));
        } catch (IOException e) {
            log.warn("Could not remove the unsynced marker of job {} (the next start rebuilds its run): {}",
                    jobId, e.toString());
        }
    }

    private static Set<UUID> load(Path directory) {
        Set<UUID> found = new HashSet<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (Stream<Path> markers = Files.list(directory)) {
            markers.forEach(marker -> {
                try {
                    found.add(UUID.fromString(marker.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    log.warn("Ignoring {}: not an unsynced-run marker", marker);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the unsynced-run markers in " + directory, e);
        }
        return found;
    }
}
