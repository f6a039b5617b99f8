package dev.trainboard.trainer.metrics;

import dev.trainboard.events.PrCurveLogged;
import java.util.ArrayList;
import java.util.List;

/**
 * One-vs-rest precision-recall curves, computed the way TensorBoard's {@code pr_curve} summary does:
 * each prediction falls in bucket {@code floor(p * (n - 1))}; a sample counts as predicted positive at
 * threshold j when its bucket is at least j.
 */
public final class PrCurves {

    public static final int THRESHOLDS = 127;
    private static final double MIN_DENOMINATOR = 1e-7;

    private PrCurves() {
    }

    /** The curve of class {@code positiveClass}, tagged with the class digit as the tutorial does. */
    public static PrCurveLogged forClass(int positiveClass, long step, float[] probabilities, byte[] labels,
            int classes) {
        double[] truePerBucket = new double[THRESHOLDS];
        double[] falsePerBucket = new double[THRESHOLDS];
        for (int i = 0; i < labels.length; i++) {
            float p = Math.min(1f, Math.max(0f, probabilities[i * classes + positiveClass]));
            int bucket = (int) Math.floor(p * (THRESHOLDS - 1));
            if (labels[i] == positiveClass) {
                truePerBucket[bucket]++;
            } else {
                falsePerBucket[bucket]++;
            }
        }
        double[] tp = reverseCumulative(truePerBucket);
        double[] fp = reverseCumulative(falsePerBucket);
        List<Double> truePositives = new ArrayList<>(THRESHOLDS);
        List<Double> falsePositives = new ArrayList<>(THRESHOLDS);
        List<Double> trueNegatives = new ArrayList<>(THRESHOLDS);
        List<Double> falseNegatives = new ArrayList<>(THRESHOLDS);
        List<Double> precision = new ArrayList<>(THRESHOLDS);
        List<Double> recall = new ArrayList<>(THRESHOLDS);
        for (int j = 0; j < THRESHOLDS; j++) {
            double fn = tp[0] - tp[j];
            truePositives.add(tp[j]);
            falsePositives.add(fp[j]);
            trueNegatives.add(fp[0] - fp[j]);
            falseNegatives.add(fn);
            precision.add(tp[j] / Math.max(MIN_DENOMINATOR, tp[j] + fp[j]));
            recall.add(tp[j] / Math.max(MIN_DENOMINATOR, tp[j] + fn));
        }
        return new PrCurveLogged(Integer.toString(positiveClass), step, WallTime.now(), THRESHOLDS, truePositives,
                falsePositives, trueNegatives, falseNegatives, precision, recall);
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
