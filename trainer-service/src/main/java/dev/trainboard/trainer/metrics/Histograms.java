package dev.trainboard.trainer.metrics;

import dev.trainboard.events.HistogramLogged;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Equal-width histograms (TensorBoard's own bucketing for tensors): {@value #BUCKETS} buckets between the
 * minimum and the maximum, the last one closed, each labelled by its right edge.
 */
public final class Histograms {

    public static final int BUCKETS = 30;

    private Histograms() {
    }

    /** The histogram of the values from {@code values}' position to its limit; the buffer is not moved. */
    public static HistogramLogged of(String tag, long step, FloatBuffer values) {
        int count = values.remaining();
        if (count == 0) {
            throw new IllegalArgumentException("cannot make a histogram of no values for " + tag);
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        // Plain comparisons: Math.min and Math.max order NaN and -0.0, which made this loop twice as slow.
        for (int i = values.position(); i < values.limit(); i++) {
            float value = values.get(i);
            min = value < min ? value : min;
            max = value > max ? value : max;
            sum += value;
            sumSquares += (double) value * value;
        }
        double width = ((double) max - min) / BUCKETS;
        double[] counts = new double[BUCKETS];
        for (int i = values.position(); i < values.limit(); i++) {
            float value = values.get(i);
            // value - min is never negative, so the cast rounds down as Math.floor would, at a fraction of its cost.
            int bucket = width == 0 ? BUCKETS - 1 : (int) ((value - (double) min) / width);
            counts[Math.min(bucket, BUCKETS - 1)]++;
        }
        List<Double> limits = new ArrayList<>(BUCKETS);
        List<Double> bucketCounts = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            limits.add(i == BUCKETS - 1 ? max : min + (i + 1) * width);
            bucketCounts.add(counts[i]);
        }
        return new HistogramLogged(tag, step, WallTime.now(), min, max, count, sum, sumSquares, limits,
                bucketCounts);
    }
}
