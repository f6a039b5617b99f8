package dev.trainboard.metrics.ingest;

import java.util.Set;

/**
 * Which points of a scalar insert were new: all of them (the usual case, nothing was there yet) or the
 * listed keys. Each new point is claimed once, so a point repeated within a batch is handed on only once.
 */
final class NewScalars {

    private static final NewScalars ALL = new NewScalars(null);

    private final Set<ScalarKey> keys;

    private NewScalars(Set<ScalarKey> keys) {
        this.keys = keys;
    }

    /** Every point was new, and no point appeared twice. */
    static NewScalars all() {
        return ALL;
    }

    static NewScalars only(Set<ScalarKey> keys) {
        return new NewScalars(keys);
    }

    boolean everyPoint() {
        return keys == null;
    }

    /** True if the point was new and has not been claimed yet. */
    boolean claim(ScalarKey key) {
        return keys == null || keys.remove(key);
    }
}
