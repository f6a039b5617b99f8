package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainboard.tfevents.proto.DataType;
import dev.trainboard.tfevents.proto.PrCurvePluginData;
import dev.trainboard.tfevents.proto.Summary;
import org.junit.jupiter.api.Test;

class PrCurvesTests {

    @Test
    void matchesTheHandComputedReferenceCase() {
        PrCurve curve = PrCurves.compute(new boolean[] {true, false, true, true, false},
                new double[] {0.9, 0.8, 0.3, 0.6, 0.1}, 5);
        assertThat(curve.truePositives()).containsExactly(3, 3, 2, 1, 0);
        assertThat(curve.falsePositives()).containsExactly(2, 1, 1, 1, 0);
        assertThat(curve.trueNegatives()).containsExactly(0, 1, 1, 1, 2);
        assertThat(curve.falseNegatives()).containsExactly(0, 0, 1, 2, 3);
        assertThat(curve.precision()).containsExactly(new float[] {0.6f, 0.75f, 0.6667f, 0.5f, 0f}, within(1e-4f));
        assertThat(curve.recall()).containsExactly(new float[] {1f, 1f, 0.6667f, 0.3333f, 0f}, within(1e-4f));
    }

    @Test
    void weightsScaleTheCounts() {
        PrCurve curve = PrCurves.compute(new boolean[] {true, false}, new double[] {0.5, 0.5}, new double[] {2, 3}, 3);
        assertThat(curve.truePositives()).containsExactly(2, 2, 0);
        assertThat(curve.falsePositives()).containsExactly(3, 3, 0);
        assertThat(curve.trueNegatives()).containsExactly(0, 0, 3);
        assertThat(curve.falseNegatives()).containsExactly(0, 0, 2);
        assertThat(curve.precision()).containsExactly(0.4f, 0.4f, 0f);
        assertThat(curve.recall()).containsExactly(1f, 1f, 0f);
    }

    @Test
    void clampsProbabilitiesOutsideZeroToOne() {
        PrCurve curve = PrCurves.compute(new boolean[] {true, true}, new double[] {1.5, -0.2}, 4);
        // 1.5 counts as 1 (last bucket), -0.2 as 0 (first bucket).
        assertThat(curve.truePositives()).containsExactly(2, 1, 1, 1);
    }

    @Test
    void valueIsASixRowFloatTensorWithPrCurvesMetadata() throws Exception {
        PrCurve curve = PrCurves.compute(new boolean[] {true, false}, new double[] {0.9, 0.2}, 127);
        Summary.Value value = PrCurves.value("3", curve);
        assertThat(value.getTag()).isEqualTo("3");
        assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("pr_curves");
        PrCurvePluginData content = PrCurvePluginData.parseFrom(value.getMetadata().getPluginData().getContent());
        assertThat(content.getNumThresholds()).isEqualTo(127);
        assertThat(content.getVersion()).isZero();
        assertThat(value.getTensor().getDtype()).isEqualTo(DataType.DT_FLOAT);
        assertThat(value.getTensor().getTensorShape().getDimList()).extracting(d -> d.getSize())
                .containsExactly(6L, 127L);
        assertThat(value.getTensor().getFloatValCount()).isEqualTo(6 * 127);
        // Row 0 is TP, row 5 recall, row-major.
        assertThat(value.getTensor().getFloatVal(0)).isEqualTo(curve.truePositives()[0]);
        assertThat(value.getTensor().getFloatVal(5 * 127 + 126)).isEqualTo(curve.recall()[126]);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThatThrownBy(() -> PrCurves.compute(new boolean[] {true}, new double[] {0.1, 0.2}, 5))
                .hasMessageContaining("differ in length");
        assertThatThrownBy(() -> PrCurves.compute(new boolean[] {true}, new double[] {0.1}, 1))
                .hasMessageContaining("numThresholds");
        float[] three = new float[3];
        assertThatThrownBy(() -> new PrCurve(three, three, three, three, three, new float[2]))
                .hasMessageContaining("must have 3 entries");
    }
}
