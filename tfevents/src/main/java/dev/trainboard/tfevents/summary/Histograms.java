package dev.trainboard.tfevents.summary;

import dev.trainboard.tfevents.proto.HistogramProto;
import dev.trainboard.tfevents.proto.Summary;
import java.util.Arrays;

/**
 * Histograms in the legacy {@code histo} form. From raw values they are bucketed like PyTorch's
 * {@code add_histogram(bins="tensorflow")}: TensorFlow's exponential edges ±1e-12·1.1^k and 0, trimmed to
 * the buckets that hold data.
 */
public final class Histograms {

    private static final double[] DEFAULT_EDGES = computeDefaultEdges();

    private Histograms() {
    }

    public static Summary.Value value(String tag, Histogram histogram) {
        return Summary.Value.newBuilder().setTag(Tensors.requireTag(tag)).setHisto(toProto(histogram)).build();
    }

    /**
     * Buckets {@code values} on the default edges. Non-finite values are ignored; values beyond the outer
     * edges (±9.9e19) count in the statistics but in no bucket, as in PyTorch.
     *
     * @throws IllegalArgumentException when no finite value is given
     */
    public static Histogram fromValues(double[] values) {
        double[] counts = new double[DEFAULT_EDGES.length - 1];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        long num = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                continue;
            }
            num++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += v * v;
            int bin = binOf(v);
            if (bin >= 0) {
                counts[bin]++;
            }
        }
        if (num == 0) {
            throw new IllegalArgumentException("a histogram needs at least one finite value");
        }
        return trimmed(min, max, num, sum, sumSquares, counts);
    }

    /** The edges PyTorch uses by default: 1549 ascending values, 0 in the middle. */
    public static double[] defaultEdges() {
        return DEFAULT_EDGES.clone();
    }

    private static double[] computeDefaultEdges() {
        double[] positive = new double[1000];
        int n = 0;
        // Repeated multiplication, not pow(): this reproduces TensorFlow's edges bit for bit.
        for (double v = 1e-12; v < 1e20; v *= 1.1) {
            positive[n++] = v;
        }
        double[] edges = new double[2 * n + 1];
        for (int i = 0; i < n; i++) {
            edges[n - 1 - i] = -positive[i];
            edges[n + 1 + i] = positive[i];
        }
        edges[n] = 0;
        return edges;
    }

    static HistogramProto toProto(Histogram h) {
        HistogramProto.Builder proto = HistogramProto.newBuilder()
                .setMin(h.min())
                .setMax(h.max())
                .setNum(h.num())
                .setSum(h.sum())
                .setSumSquares(h.sumSquares());
        for (double limit : h.bucketLimits()) {
            proto.addBucketLimit(limit);
        }
        for (double count : h.bucketCounts()) {
            proto.addBucket(count);
        }
        return proto.build();
    }

    /** Index of the bin [E_i, E_i+1) holding v, the last bin closed; -1 outside the edges. */
    private static int binOf(double v) {
        int last = DEFAULT_EDGES.length - 1;
        if (v < DEFAULT_EDGES[0] || v > DEFAULT_EDGES[last]) {
            return -1;
        }
        if (v == DEFAULT_EDGES[last]) {
            return last - 1;
        }
        int found = Arrays.binarySearch(DEFAULT_EDGES, v);
        // On an exact edge the value opens that bin; otherwise it lies in the bin before the insertion point.
        return found >= 0 ? found : -found - 2;
    }

    private static Histogram trimmed(double min, double max, long num, double sum, double sumSquares, double[] counts) {
        int first = 0;
        while (first < counts.length && counts[first] == 0) {
            first++;
        }
        if (first == counts.length) {
            return new Histogram(min, max, num, sum, sumSquares, new double[0], new double[0]);
        }
        int last = counts.length - 1;
        while (counts[last] == 0) {
            last--;
        }
        // Right edges E_first .. E_last+1; the bucket ending at E_first is empty and marks where data starts.
        double[] limits = Arrays.copyOfRange(DEFAULT_EDGES, first, last + 2);
        double[] buckets = new double[limits.length];
        System.arraycopy(counts, first, buckets, 1, last - first + 1);
        return new Histogram(min, max, num, sum, sumSquares, limits, buckets);
    }
}
