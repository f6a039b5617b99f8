package dev.trainboard.tfevents.file;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Names event files {@code events.out.tfevents.<10-digit seconds>.<host>.<pid>.<sequence>}. TensorBoard
 * reads the files of a run in name order, so the seconds are zero-padded and so is the sequence: two
 * files one process opens in the same second still sort by sequence (a job's attempt number).
 */
public final class EventFileName {

    /** Every event file name contains this; it is how TensorBoard recognises one. */
    public static final String MARKER = "tfevents";

    static final int SEQUENCE_DIGITS = 6;
    static final int MAX_SEQUENCE = 999_999;

    private static final String PREFIX = "events.out." + MARKER + ".";

    private EventFileName() {
    }

    /** The file name for a file opened at {@code epochSeconds} by this process. */
    public static String of(long epochSeconds, int sequence) {
        return of(epochSeconds, LocalHost.NAME, ProcessHandle.current().pid(), sequence);
    }

    public static String of(long epochSeconds, String host, long pid, int sequence) {
        if (epochSeconds < 0 || epochSeconds > 9_999_999_999L) {
            throw new IllegalArgumentException("epochSeconds out of range: " + epochSeconds);
        }
        if (sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence must be in [0, " + MAX_SEQUENCE + "], was " + sequence);
        }
        return String.format("%s%010d.%s.%d.%0" + SEQUENCE_DIGITS + "d", PREFIX, epochSeconds, safeHost(host), pid,
                sequence);
    }

    /** Whether TensorBoard would take a file with this name for an event file. */
    public static boolean isEventFile(String fileName) {
        return fileName.contains(MARKER);
    }

    private static String safeHost(String host) {
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "localhost" : safe;
    }

    // Resolved once: looking the host up can take a while when name resolution is slow.
    private static final class LocalHost {
        static final String NAME = resolve();

        private static String resolve() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
