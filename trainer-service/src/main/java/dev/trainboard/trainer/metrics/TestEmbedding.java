package dev.trainboard.trainer.metrics;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.trainer.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;

/**
 * The first test images as points for the projector: each image's grey values (0..1) as its vector, its
 * digit as its label, and a sprite of the images 8 to a row without padding. 64 points keep the JSON record
 * under about 0.65 MB even when no pixel is zero, safely below Kafka's default 1 MB limit.
 */
public final class TestEmbedding {

    public static final String TAG = "mnist_test_64";
    static final int POINTS = 64;
    private static final int SPRITE_PER_ROW = 8;

    private TestEmbedding() {
    }

    public static EmbeddingLogged of(LabeledImages test, long step) {
        int count = Math.min(POINTS, test.count());
        List<List<Float>> vectors = new ArrayList<>(count);
        List<String> labels = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            List<Float> vector = new ArrayList<>(test.pixelsPerImage());
            for (int i = 0; i < test.pixelsPerImage(); i++) {
                vector.add((test.pixels()[n * test.pixelsPerImage() + i] & 0xff) / 255f);
            }
            vectors.add(vector);
            labels.add(Integer.toString(test.labels()[n]));
        }
        byte[] sprite = ImageGrid.png(ImageGrid.tile(test, count, SPRITE_PER_ROW, 0));
        return new EmbeddingLogged(TAG, step, vectors, labels, sprite, test.columns());
    }
}
