package dev.trainboard.trainer.metrics;

/** Wall time as TensorBoard stores it: seconds since the Unix epoch. */
final class WallTime {

    private WallTime() {
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
