package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainboard.events.HistogramLogged;
import org.junit.jupiter.api.Test;

class HistogramsTests {

    @Test
    void thirtyEqualBucketsBetweenMinimumAndMaximum() {
        HistogramLogged histogram = Histograms.of("w", 3, new float[] {-1f, 0f, 0f, 2f});

        assertThat(histogram.min()).isEqualTo(-1.0);
        assertThat(histogram.max()).isEqualTo(2.0);
        assertThat(histogram.num()).isEqualTo(4.0);
        assertThat(histogram.sum()).isEqualTo(1.0);
        assertThat(histogram.sumSquares()).isEqualTo(5.0);
        assertThat(histogram.bucketLimits()).hasSize(30);
        assertThat(histogram.bucketLimits().get(0)).isCloseTo(-0.9, within(1e-12));
        assertThat(histogram.bucketLimits().get(29)).isEqualTo(2.0);
        assertThat(histogram.bucketCounts().get(0)).isEqualTo(1.0);
        // 0 sits at (0 - -1) / 0.1 = 10 widths from the minimum: bucket 10.
        assertThat(histogram.bucketCounts().get(10)).isEqualTo(2.0);
        assertThat(histogram.bucketCounts().get(29)).isEqualTo(1.0);
        assertThat(histogram.bucketCounts().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(4.0);
    }

    @Test
    void equalValuesFillTheLastBucket() {
        HistogramLogged histogram = Histograms.of("bias", 0, new float[] {0f, 0f, 0f});

        assertThat(histogram.bucketCounts().get(29)).isEqualTo(3.0);
        assertThat(histogram.bucketLimits()).allSatisfy(limit -> assertThat(limit).isEqualTo(0.0));
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(() -> Histograms.of("empty", 0, new float[0])).hasMessageContaining("empty");
    }
}
