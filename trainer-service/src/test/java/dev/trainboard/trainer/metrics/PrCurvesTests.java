package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainboard.events.PrCurveLogged;
import org.junit.jupiter.api.Test;

class PrCurvesTests {

    /** Four samples of two classes; the probability of class 1 is the second value of each pair. */
    private static final float[] PROBABILITIES = {0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0f, 1f};
    private static final byte[] LABELS = {0, 1, 1, 1};

    @Test
    void countsPerThresholdFollowTheBucketOfEachProbability() {
        PrCurveLogged curve = PrCurves.forClass(1, 7, PROBABILITIES, LABELS, 2);

        assertThat(curve.tag()).isEqualTo("1");
        assertThat(curve.step()).isEqualTo(7);
        assertThat(curve.numThresholds()).isEqualTo(127);
        // Threshold 0: everything is predicted positive.
        assertThat(curve.truePositives().get(0)).isEqualTo(3.0);
        assertThat(curve.falsePositives().get(0)).isEqualTo(1.0);
        assertThat(curve.precision().get(0)).isEqualTo(0.75);
        assertThat(curve.recall().get(0)).isEqualTo(1.0);
        // Bucket of 0.4 is floor(0.4 * 126) = 50: positive up to threshold 50, negative from 51.
        assertThat(curve.truePositives().get(50)).isEqualTo(3.0);
        assertThat(curve.truePositives().get(51)).isEqualTo(2.0);
        assertThat(curve.falseNegatives().get(51)).isEqualTo(1.0);
        // The sample of class 0 at 0.1 (bucket 12) stops being a false positive at threshold 13.
        assertThat(curve.falsePositives().get(12)).isEqualTo(1.0);
        assertThat(curve.falsePositives().get(13)).isEqualTo(0.0);
        assertThat(curve.trueNegatives().get(13)).isEqualTo(1.0);
        // Probability 1 lands in the last bucket, so the last threshold still holds one true positive.
        assertThat(curve.truePositives().get(126)).isEqualTo(1.0);
        assertThat(curve.recall().get(126)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(curve.precision().get(126)).isEqualTo(1.0);
    }

    @Test
    void aThresholdWithNothingPredictedHasPrecisionZeroNotNaN() {
        PrCurveLogged curve = PrCurves.forClass(0, 0, PROBABILITIES, LABELS, 2);

        // Class 0's highest probability is 0.9 (bucket 113); above it nothing is predicted positive.
        assertThat(curve.truePositives().get(114)).isEqualTo(0.0);
        assertThat(curve.precision().get(114)).isEqualTo(0.0);
        assertThat(curve.recall().get(114)).isEqualTo(0.0);
    }
}
