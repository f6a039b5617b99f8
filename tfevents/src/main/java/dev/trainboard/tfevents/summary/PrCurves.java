package dev.trainboard.tfevents.summary;

import dev.trainboard.tfevents.proto.DataType;
import dev.trainboard.tfevents.proto.PrCurvePluginData;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.proto.TensorProto;

/**
 * PR curves for TensorBoard's pr_curves plugin, computed like PyTorch's {@code add_pr_curve}. The tag is
 * used as given (PyTorch does not append {@code /pr_curves}).
 */
public final class PrCurves {

    public static final String PLUGIN_NAME = "pr_curves";
    public static final int DEFAULT_THRESHOLDS = 127;

    private static final double MIN_DENOMINATOR = 1e-7;

    private PrCurves() {
    }

    /** The curve of binary {@code labels} against predicted probabilities, with unit weights. */
    public static PrCurve compute(boolean[] labels, double[] predictions, int numThresholds) {
        return compute(labels, predictions, null, numThresholds);
    }

    /**
     * The curve of binary {@code labels} against predicted probabilities in [0, 1] (clamped), each sample
     * weighted by {@code weights[i]} ({@code null} = 1). A sample counts as predicted positive at threshold
     * j/(N-1) when floor(p·(N-1)) ≥ j.
     */
    public static PrCurve compute(boolean[] labels, double[] predictions, double[] weights, int numThresholds) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException("labels and predictions differ in length: " + labels.length + " vs "
                    + predictions.length);
        }
        if (weights != null && weights.length != labels.length) {
            throw new IllegalArgumentException("weights must have one entry per label");
        }
        if (numThresholds < 2) {
            throw new IllegalArgumentException("numThresholds must be at least 2, was " + numThresholds);
        }
        double[] positivesInBucket = new double[numThresholds];
        double[] negativesInBucket = new double[numThresholds];
        for (int i = 0; i < labels.length; i++) {
            double p = Math.min(1.0, Math.max(0.0, predictions[i]));
            int bucket = (int) Math.floor(p * (numThresholds - 1));
            double w = weights == null ? 1.0 : weights[i];
            if (labels[i]) {
                positivesInBucket[bucket] += w;
            } else {
                negativesInBucket[bucket] += w;
            }
        }
        float[] tp = new float[numThresholds];
        float[] fp = new float[numThresholds];
        float[] tn = new float[numThresholds];
        float[] fn = new float[numThresholds];
        float[] precision = new float[numThresholds];
        float[] recall = new float[numThresholds];
        double[] truePositives = reverseCumulative(positivesInBucket);
        double[] falsePositives = reverseCumulative(negativesInBucket);
        for (int j = 0; j < numThresholds; j++) {
            double trueNegatives = falsePositives[0] - falsePositives[j];
            double falseNegatives = truePositives[0] - truePositives[j];
            tp[j] = (float) truePositives[j];
            fp[j] = (float) falsePositives[j];
            tn[j] = (float) trueNegatives;
            fn[j] = (float) falseNegatives;
            precision[j] = (float) (truePositives[j] / Math.max(MIN_DENOMINATOR, truePositives[j] + falsePositives[j]));
            recall[j] = (float) (truePositives[j] / Math.max(MIN_DENOMINATOR, truePositives[j] + falseNegatives));
        }
        return new PrCurve(tp, fp, tn, fn, precision, recall);
    }

    /** The value TensorBoard shows as one PR curve: a DT_FLOAT [6, N] tensor with pr_curves metadata. */
    public static Summary.Value value(String tag, PrCurve curve) {
        int n = curve.numThresholds();
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(Tensors.shape(6, n));
        for (float[] row : new float[][] {curve.truePositives(), curve.falsePositives(), curve.trueNegatives(),
                curve.falseNegatives(), curve.precision(), curve.recall()}) {
            for (float v : row) {
                tensor.addFloatVal(v);
            }
        }
        return Summary.Value.newBuilder()
                .setTag(Tensors.requireTag(tag))
                .setMetadata(PluginMetadata.of(PLUGIN_NAME,
                        PrCurvePluginData.newBuilder().setNumThresholds(n).build()))
                .setTensor(tensor)
                .build();
    }

    private static double[] reverseCumulative(double[] perBucket) {
        double[] sums = new double[perBucket.length];
        double running = 0;
        for (int j = perBucket.length - 1; j >= 0; j--) {
            running += perBucket[j];
            sums[j] = running;
        }
        return sums;
    }
}
