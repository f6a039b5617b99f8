package dev.trainboard.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.ScalarPoint;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DownsamplerTests {

    @Test
    void aShortSeriesIsReturnedAsIs() {
        List<ScalarPoint> series = series(10);

        assertThat(Downsampler.downsample(series, 10)).isSameAs(series);
    }

    @Test
    void eachBucketKeepsItsFirstLastLowestAndHighestPointInStepOrder() {
        List<ScalarPoint> series = IntStream.range(0, 1000)
                .mapToObj(i -> new ScalarPoint("loss", i, i, i == 333 ? 100.0 : i == 777 ? -100.0 : Math.sin(i)))
                .toList();

        List<ScalarPoint> thin = Downsampler.downsample(series, 40);

        assertThat(thin).hasSizeLessThanOrEqualTo(40);
        assertThat(thin.get(0)).isEqualTo(series.get(0));
        assertThat(thin.get(thin.size() - 1)).isEqualTo(series.get(999));
        assertThat(thin).contains(series.get(333), series.get(777));
        assertThat(thin).extracting(ScalarPoint::step).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void everyBucketBoundaryIsKept() {
        List<ScalarPoint> thin = Downsampler.downsample(series(100), 8);

        assertThat(thin).extracting(ScalarPoint::step).contains(0L, 49L, 50L, 99L);
    }

    private static List<ScalarPoint> series(int n) {
        return IntStream.range(0, n).mapToObj(i -> new ScalarPoint("t", i, i, i)).toList();
    }
}
