package dev.trainboard.tfevents.file;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import dev.trainboard.tfevents.proto.SourceMetadata;
import dev.trainboard.tfevents.record.RecordWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * One event file being written: created new (never appended to or replaced), started with the
 * {@code file_version} event and, for a restarted attempt, a {@code SessionLog START}, both flushed at
 * once. Not thread-safe: the asynchronous writer's thread owns it.
 */
public final class EventFile implements EventSink {

    public static final String FILE_VERSION = "brain.Event:2";
    static final String WRITER_NAME = "trainboard-tfevents";

    private final Path path;
    private final FileChannel channel;
    private final RecordWriter records;

    private EventFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.records = new RecordWriter(channel);
    }

    /**
     * Creates a new event file in {@code runDir} (created if missing).
     *
     * @param fileName      the file's name, usually from {@link EventFileName}
     * @param startWallTime wall time, in seconds, of the first event(s)
     * @param restartStep   if present, a {@code SessionLog START} at this step follows the first event, so
     *                      TensorBoard drops what an earlier attempt logged at this step or later
     */
    public static EventFile create(Path runDir, String fileName, double startWallTime, OptionalLong restartStep)
            throws IOException {
        Files.createDirectories(runDir);
        Path path = runDir.resolve(fileName);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        EventFile file = new EventFile(path, channel);
        try {
            file.append(Event.newBuilder()
                    .setWallTime(startWallTime)
                    .setFileVersion(FILE_VERSION)
                    .setSourceMetadata(SourceMetadata.newBuilder().setWriter(WRITER_NAME))
                    .build()
                    .toByteArray());
            if (restartStep.isPresent()) {
                file.append(Event.newBuilder()
                        .setWallTime(startWallTime)
                        .setStep(restartStep.getAsLong())
                        .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
                        .build()
                        .toByteArray());
            }
            file.flush();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return file;
    }

    /** Appends one serialized {@code Event}; it reaches the OS on the next {@link #flush()}. */
    @Override
    public void append(byte[] serializedEvent) throws IOException {
        records.write(serializedEvent);
    }

    /** Hands everything appended so far to the OS, so readers see it. */
    @Override
    public void flush() throws IOException {
        records.flush();
    }

    /** Flushes and then forces the file's content to the storage device. */
    @Override
    public void sync() throws IOException {
        flush();
        channel.force(false);
    }

    @Override
    public Path path() {
        return path;
    }

    /** Flushes, syncs and closes the file. */
    @Override
    public void close() throws IOException {
        try (channel) {
            sync();
        }
    }
}
