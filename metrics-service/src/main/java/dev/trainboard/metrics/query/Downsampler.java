package dev.trainboard.metrics.query;

import dev.trainboard.events.ScalarPoint;
import dev.trainboard.metrics.rollup.BucketSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * Thins a series for drawing: its step range is cut into equal buckets and each bucket keeps its first, last,
 * lowest and highest point, so spikes and the ends of the series survive. The input is bucket summaries (of
 * single points, or rollups read from the database), each going to the bucket its first step falls in.
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
        List<BucketSummary> summaries = new ArrayList<>(series.size());
        for (ScalarPoint point : series) {
            summaries.add(BucketSummary.of(point.step(), point.wallTime(), point.value()));
        }
        return downsample(summaries, series.get(0).step(), series.get(series.size() - 1).step(), maxPoints,
                series.get(0).tag());
    }

    /**
     * At most {@code maxPoints} points of the summaries, whose steps lie in [{@code from}, {@code to}] and which
     * must be sorted by first step, in step order.
     */
    public static List<ScalarPoint> downsample(List<BucketSummary> summaries, long from, long to, int maxPoints,
            String tag) {
        int buckets = Math.max(1, maxPoints / POINTS_PER_BUCKET);
        double stepsPerBucket = (to - from + 1.0) / buckets;
        List<ScalarPoint> result = new ArrayList<>(buckets * POINTS_PER_BUCKET);
        BucketSummary current = null;
        long currentBucket = -1;
        for (BucketSummary summary : summaries) {
            long bucket = Math.min(buckets - 1, (long) ((summary.firstStep() - from) / stepsPerBucket));
            if (current != null && bucket == currentBucket) {
                current.merge(summary);
                continue;
            }
            if (current != null) {
                result.addAll(current.points(tag));
            }
            // a copy, so that merging never changes a summary the caller holds
            current = BucketSummary.copyOf(summary);
            currentBucket = bucket;
        }
        if (current != null) {
            result.addAll(current.points(tag));
        }
        return result;
    }
}
