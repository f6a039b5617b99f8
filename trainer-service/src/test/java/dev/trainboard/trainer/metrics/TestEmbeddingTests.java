package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.trainer.data.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TestEmbeddingTests {

    @Test
    void theFirst64TestImagesWithTheirLabelsAndASprite() throws IOException {
        LabeledImages test = noisyImages(100);

        EmbeddingLogged embedding = TestEmbedding.of(test, 12);

        assertThat(embedding.tag()).isEqualTo("mnist_test_64");
        assertThat(embedding.step()).isEqualTo(12);
        assertThat(embedding.vectors()).hasSize(64).allSatisfy(vector -> assertThat(vector).hasSize(784));
        assertThat(embedding.vectors().get(3).get(5)).isEqualTo((test.pixels()[3 * 784 + 5] & 0xff) / 255f);
        assertThat(embedding.labels()).hasSize(64).startsWith("0", "1", "2");
        BufferedImage sprite = ImageIO.read(new ByteArrayInputStream(embedding.sprite()));
        assertThat(new int[] {sprite.getWidth(), sprite.getHeight(), embedding.spriteCellSize()})
                .containsExactly(224, 224, 28);
    }

    @Test
    void evenImagesWithoutZeroPixelsFitInAKafkaRecord() {
        byte[] json = EventJson.mapper().writeValueAsBytes(
                EventEnvelope.of(UUID.randomUUID(), 1, TestEmbedding.of(noisyImages(64), 0)));

        assertThat(json.length).isLessThan(800_000);
    }

    /** Images whose pixels are random and never zero: the longest JSON the embedding can produce. */
    private static LabeledImages noisyImages(int count) {
        Random random = new Random(1);
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (1 + random.nextInt(255));
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new LabeledImages(pixels, labels, count, 28, 28);
    }
}
