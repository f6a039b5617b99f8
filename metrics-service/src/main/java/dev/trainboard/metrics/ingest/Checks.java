package dev.trainboard.metrics.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The field-level admission checks the payload rules share: lengths, strings, numbers, wall times. */
final class Checks {

    /** The end of the year 9999: later instants do not fit PostgreSQL timestamps or TensorBoard's wall times. */
    static final double MAX_WALL_TIME = 253_402_300_799.0;
    static final Instant MAX_INSTANT = Instant.ofEpochSecond((long) MAX_WALL_TIME);

    private Checks() {
    }

    static void length(String field, int size, int max) {
        if (size > max) {
            throw new InvalidEventException(RejectReason.SIZE, field + " has " + size + " entries, at most " + max
                    + " are allowed");
        }
    }

    static void sameLength(String field, Collection<?> values, int expected) {
        if (values.size() != expected) {
            throw new InvalidEventException(field + " has " + values.size() + " entries, expected " + expected);
        }
    }

    static <T> void noNulls(String field, Collection<T> values) {
        for (T value : values) {
            if (value == null) {
                throw new InvalidEventException(field + " must not contain null");
            }
        }
    }

    /**
     * A string PostgreSQL text and jsonb can hold and that reads back as written: no NUL, no unpaired surrogate
     * (UTF-8 would turn it into '?', so the event files would differ from the stored text).
     */
    static void text(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new InvalidEventException(RejectReason.SIZE, field + " has " + value.length()
                    + " characters, at most " + maxLength + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new InvalidEventException(field + " contains a NUL character");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidEventException(field + " contains an unpaired UTF-16 surrogate");
                }
            }
        }
    }

    static void texts(String field, Collection<String> values, int maxLength) {
        noNulls(field, values);
        values.forEach(value -> text(field, value, maxLength));
    }

    static void finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidEventException(RejectReason.NON_FINITE, field + " must be finite, was " + value);
        }
    }

    static void finite(String field, List<? extends Number> values) {
        for (Number value : values) {
            if (value == null) {
                throw new InvalidEventException(field + " must not contain null");
            }
            finite(field, value.doubleValue());
        }
    }

    /** Seconds since the Unix epoch, as TensorBoard stores them: finite, not before 1970, not after 9999. */
    static void wallTime(String field, double seconds) {
        finite(field, seconds);
        if (seconds < 0 || seconds > MAX_WALL_TIME) {
            throw new InvalidEventException(field + " must be between 0 and " + (long) MAX_WALL_TIME
                    + " seconds since 1970, was " + seconds);
        }
    }
}
