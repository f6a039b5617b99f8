package dev.trainboard.tfevents.summary;

/**
 * A precision-recall curve at N thresholds: column j of every array belongs to threshold j/(N-1). This is
 * the [6, N] tensor TensorBoard's pr_curves plugin reads, one array per row.
 */
public record PrCurve(float[] truePositives, float[] falsePositives, float[] trueNegatives, float[] falseNegatives,
                      float[] precision, float[] recall) {

    public PrCurve {
        int n = truePositives.length;
        if (n < 2) {
            throw new IllegalArgumentException("a PR curve needs at least 2 thresholds, got " + n);
        }
        for (float[] row : new float[][] {falsePositives, trueNegatives, falseNegatives, precision, recall}) {
            if (row.length != n) {
                throw new IllegalArgumentException("all six PR-curve arrays must have " + n + " entries, one has "
                        + row.length);
            }
        }
        truePositives = truePositives.clone();
        falsePositives = falsePositives.clone();
        trueNegatives = trueNegatives.clone();
        falseNegatives = falseNegatives.clone();
        precision = precision.clone();
        recall = recall.clone();
    }

    public int numThresholds() {
        return truePositives.length;
    }

    @Override
    public float[] truePositives() {
        return truePositives.clone();
    }

    @Override
    public float[] falsePositives() {
        return falsePositives.clone();
    }

    @Override
    public float[] trueNegatives() {
        return trueNegatives.clone();
    }

    @Override
    public float[] falseNegatives() {
        return falseNegatives.clone();
    }

    @Override
    public float[] precision() {
        return precision.clone();
    }

    @Override
    public float[] recall() {
        return recall.clone();
    }
}
