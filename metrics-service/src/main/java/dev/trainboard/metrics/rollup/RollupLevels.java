package dev.trainboard.metrics.rollup;

/**
 * The resolutions rollups are kept at: level k (1 to {@link #COUNT}) puts step s in bucket
 * {@code s / width(k)}, with widths 32, 256, 2,048, ... 8,388,608 steps. Level 0 stands for the points
 * themselves. A factor of 8 between levels, starting at 32 steps, keeps about one rollup row for every 28
 * points (docs/architecture.md); a read picks the coarsest level that still gives each output bucket at
 * least one row, so it reads at most 8 rows per output bucket.
 */
public final class RollupLevels {

    public static final int COUNT = 7;

    private static final int FIRST_WIDTH_BITS = 5;
    private static final int FACTOR_BITS = 3;

    private RollupLevels() {
    }

    /** Steps per bucket at the level; 1 at level 0 (the points). */
    public static long width(int level) {
        return level == 0 ? 1 : 1L << (FIRST_WIDTH_BITS + FACTOR_BITS * (level - 1));
    }

    /** The coarsest level at which {@code steps} consecutive steps still fill {@code buckets} buckets; 0 if none. */
    public static int coarsestFilling(long steps, long buckets) {
        for (int level = COUNT; level >= 1; level--) {
            if (steps / width(level) >= buckets) {
                return level;
            }
        }
        return 0;
    }
}
