package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainboard.events.HistogramLogged;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class HistogramsTests {

    @Test
    void thirtyEqualBucketsBetweenMinimumAndMaximum() {
        HistogramLogged histogram = Histograms.of("w", 3, FloatBuffer.wrap(new float[] {-1f, 0f, 0f, 2f}));

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
        HistogramLogged histogram = Histograms.of("bias", 0, FloatBuffer.wrap(new float[] {0f, 0f, 0f}));

        assertThat(histogram.bucketCounts().get(29)).isEqualTo(3.0);
        assertThat(histogram.bucketLimits()).allSatisfy(limit -> assertThat(limit).isEqualTo(0.0));
    }

    @Test
    void readsNativeMemoryFromPositionToLimitAndLeavesTheBufferWhereItWas() {
        // As the listener reads a tensor: a direct buffer in native byte order.
        FloatBuffer values = ByteBuffer.allocateDirect(6 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer()
                .put(new float[] {100f, 1f, 2f, 3f, 4f, -100f});
        values.position(1).limit(5);

        HistogramLogged histogram = Histograms.of("w", 1, values);

        assertThat(histogram.num()).isEqualTo(4.0);
        assertThat(histogram.min()).isEqualTo(1.0);
        assertThat(histogram.max()).isEqualTo(4.0);
        assertThat(histogram.sum()).isEqualTo(10.0);
        assertThat(histogram.sumSquares()).isEqualTo(30.0);
        assertThat(values.position()).isEqualTo(1);
        assertThat(values.limit()).isEqualTo(5);
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(() -> Histograms.of("empty", 0, FloatBuffer.allocate(0))).hasMessageContaining("empty");
    }
}
