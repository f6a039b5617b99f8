package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.proto.Summary;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistogramsTests {

    private static final double[] EDGES = Histograms.defaultEdges();

    @Test
    void defaultEdgesAreTensorFlowsExponentialLadderAroundZero() {
        assertThat(EDGES).hasSize(1549);
        assertThat(EDGES[774]).isZero();
        assertThat(EDGES[775]).isEqualTo(1e-12);
        assertThat(EDGES[776]).isEqualTo(1e-12 * 1.1);
        assertThat(EDGES[1548]).isLessThan(1e20).isGreaterThan(9.9e19);
        for (int i = 0; i < 774; i++) {
            assertThat(EDGES[i]).isEqualTo(-EDGES[1548 - i]);
        }
        double[] sorted = EDGES.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(EDGES);
    }

    @Test
    void matchesTheReferenceVectorForHalfOneOneAndAHalf() {
        Histogram h = Histograms.fromValues(new double[] {0.5, 1.0, 1.5});
        double[] limits = h.bucketLimits();
        double[] counts = h.bucketCounts();
        assertThat(limits).hasSize(14);
        assertThat(counts).hasSize(14);
        assertThat(limits[0]).isEqualTo(0.47069243095356195).isEqualTo(EDGES[1057]);
        assertThat(counts[0]).isZero();
        assertThat(limits[1]).isEqualTo(0.5177616740489182);
        assertThat(counts[1]).isEqualTo(1);
        int one = indexOf(limits, 1.0089710279437536);
        assertThat(counts[one]).isEqualTo(1);
        assertThat(limits[13]).isEqualTo(1.624957930213695);
        assertThat(counts[13]).isEqualTo(1);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(3);
        assertThat(h.min()).isEqualTo(0.5);
        assertThat(h.max()).isEqualTo(1.5);
        assertThat(h.num()).isEqualTo(3);
        assertThat(h.sum()).isEqualTo(3.0);
        assertThat(h.sumSquares()).isEqualTo(3.5);
    }

    @Test
    void zeroFallsInTheBucketThatStartsAtZero() {
        Histogram h = Histograms.fromValues(new double[] {0.0, 0.0});
        assertThat(h.bucketLimits()).containsExactly(0.0, 1e-12);
        assertThat(h.bucketCounts()).containsExactly(0.0, 2.0);
    }

    @Test
    void aValueOnAnEdgeOpensTheBucketToItsRight() {
        Histogram h = Histograms.fromValues(new double[] {-1e-12});
        assertThat(h.bucketLimits()).containsExactly(-1e-12, 0.0);
        assertThat(h.bucketCounts()).containsExactly(0.0, 1.0);
    }

    @Test
    void valuesBeyondTheOuterEdgesCountInStatisticsOnly() {
        Histogram h = Histograms.fromValues(new double[] {1e21, 2.0});
        assertThat(h.num()).isEqualTo(2);
        assertThat(h.max()).isEqualTo(1e21);
        assertThat(Arrays.stream(h.bucketCounts()).sum()).isEqualTo(1);
        assertThat(Histograms.fromValues(new double[] {1e21}).bucketLimits()).isEmpty();
    }

    @Test
    void ignoresNonFiniteValuesAndRejectsInputWithoutAFiniteOne() {
        Histogram h = Histograms.fromValues(new double[] {Double.NaN, 1.0, Double.POSITIVE_INFINITY});
        assertThat(h.num()).isEqualTo(1);
        assertThatThrownBy(() -> Histograms.fromValues(new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Histograms.fromValues(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueCarriesEveryFieldOfAPrecomputedHistogram() {
        Histogram h = new Histogram(-1, 3, 4, 5, 11, new double[] {0, 2, 3}, new double[] {1, 2, 1});
        Summary.Value value = Histograms.value("w", h);
        assertThat(value.getTag()).isEqualTo("w");
        assertThat(value.hasMetadata()).isFalse();
        assertThat(value.getHisto().getMin()).isEqualTo(-1);
        assertThat(value.getHisto().getMax()).isEqualTo(3);
        assertThat(value.getHisto().getNum()).isEqualTo(4);
        assertThat(value.getHisto().getSum()).isEqualTo(5);
        assertThat(value.getHisto().getSumSquares()).isEqualTo(11);
        assertThat(value.getHisto().getBucketLimitList()).containsExactly(0.0, 2.0, 3.0);
        assertThat(value.getHisto().getBucketList()).containsExactly(1.0, 2.0, 1.0);
    }

    @Test
    void precomputedHistogramNeedsOneCountPerLimit() {
        assertThatThrownBy(() -> new Histogram(0, 1, 1, 1, 1, new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("differ in length");
    }

    private static int indexOf(double[] values, double wanted) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError(wanted + " not among the limits");
    }
}
