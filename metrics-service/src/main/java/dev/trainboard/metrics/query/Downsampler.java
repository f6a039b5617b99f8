package dev.trainboard.metrics.query;

import dev.trainboard.events.ScalarPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Thins a series for drawing: the points are cut into equal buckets and each bucket keeps its first, last,
 * lowest and highest point, so spikes and the ends of the series survive.
 */
public final class Downsampler {

    /** Each bucket keeps up to this many points. */
    static final int POINTS_PER_BUCKET = 4;

    private Downsampler() {
    }

    /** At most {@code maxPoints} points (at least {@value #POINTS_PER_BUCKET}), in step order. */
    public static List<ScalarPoint> downsample(List<ScalarPoint> series, int maxPoints) {
        if (series.size() <= maxPoints) {
            return series;
        }
        int buckets = Math.max(1, maxPoints / POINTS_PER_BUCKET);
        List<ScalarPoint> result = new ArrayList<>(buckets * POINTS_PER_BUCKET);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) series.size() * b / buckets);
            int to = (int) ((long) series.size() * (b + 1) / buckets);
            int min = from;
            int max = from;
            for (int i = from; i < to; i++) {
                if (series.get(i).value() < series.get(min).value()) {
                    min = i;
                }
                if (series.get(i).value() > series.get(max).value()) {
                    max = i;
                }
            }
            // indexes, sorted and without repeats, so the bucket's points stay in step order
            new TreeSet<>(List.of(from, min, max, to - 1)).forEach(i -> result.add(series.get(i)));
        }
        return result;
    }
}
