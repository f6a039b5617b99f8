package dev.trainboard.tfevents.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.Hex;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.Summary;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarEventEncoderTests {

    @Test
    void encodesTheFormatReferenceVector() {
        assertThat(Hex.of(ScalarEventEncoder.encode("loss", 0.25f, 1, 1700000000.5)))
                .isEqualTo("0900002040fc54d94110012a0d0a0b0a046c6f7373150000803e");
    }

    @Test
    void matchesTheGeneratedClassesIncludingOmittedDefaults() {
        String[] tags = {"loss", "a", "T-shirt/top", "ünïcödé ✓", "x".repeat(300)};
        float[] values = {0f, -0f, 1f, -1.5f, Float.NaN, Float.MAX_VALUE, Float.MIN_VALUE};
        long[] steps = {0, 1, 127, 128, 1L << 40, Long.MAX_VALUE};
        double[] wallTimes = {0.0, -0.0, 1.0, 1.7e9 + 0.123};
        for (String tag : tags) {
            for (float value : values) {
                for (long step : steps) {
                    for (double wallTime : wallTimes) {
                        assertThat(ScalarEventEncoder.encode(tag, value, step, wallTime))
                                .as("%s %s %s %s", tag, value, step, wallTime)
                                .isEqualTo(viaBuilders(tag, value, step, wallTime));
                    }
                }
            }
        }
    }

    @Test
    void matchesTheGeneratedClassesOnRandomInput() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            String tag = "t" + random.nextInt(1000);
            float value = random.nextFloat() * 1000 - 500;
            long step = random.nextLong() & Long.MAX_VALUE >>> random.nextInt(63);
            double wallTime = random.nextDouble() * 2e9;
            assertThat(ScalarEventEncoder.encode(tag, value, step, wallTime))
                    .isEqualTo(viaBuilders(tag, value, step, wallTime));
        }
    }

    @Test
    void rejectsAnEmptyTag() {
        assertThatThrownBy(() -> ScalarEventEncoder.encode("", 1f, 1, 1)).hasMessageContaining("tag");
    }

    private static byte[] viaBuilders(String tag, float value, long step, double wallTime) {
        return Event.newBuilder()
                .setWallTime(wallTime)
                .setStep(step)
                .setSummary(Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(value)))
                .build()
                .toByteArray();
    }
}
