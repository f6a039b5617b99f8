package dev.trainboard.tfevents.summary;

/**
 * A histogram as TensorBoard stores it: statistics of all values, and buckets given by their right edges
 * ({@code bucketLimits[i]}) and counts; bucket i spans {@code [bucketLimits[i-1], bucketLimits[i])}.
 */
public record Histogram(double min, double max, double num, double sum, double sumSquares, double[] bucketLimits,
                        double[] bucketCounts) {

    public Histogram {
        if (bucketLimits.length != bucketCounts.length) {
            throw new IllegalArgumentException("bucketLimits and bucketCounts differ in length: "
                    + bucketLimits.length + " vs " + bucketCounts.length);
        }
        bucketLimits = bucketLimits.clone();
        bucketCounts = bucketCounts.clone();
    }

    @Override
    public double[] bucketLimits() {
        return bucketLimits.clone();
    }

    @Override
    public double[] bucketCounts() {
        return bucketCounts.clone();
    }
}
