package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.trainboard.trainer.data.LabeledImages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batches read back from the real PyTorch arrays they were written into. */
class ShuffledBatchesTests {

    /** Seven 2x2 images; image i has grey values 10i, 10i+1, 10i+2, 255 and label i. */
    private static final LabeledImages SEVEN = sevenImages();
    private static final int CLASSES = 7;

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
    }

    @Test
    void everyImageComesOnceAnEpochScaledToZeroOneWithItsLabel() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ShuffledBatches batches = new ShuffledBatches(manager, SEVEN, 3, CLASSES);
            batches.shuffle(new Random(1));

            List<Integer> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (int index = 0; index < batches.batchesPerEpoch(); index++) {
                try (NDManager step = manager.newSubManager()) {
                    ShuffledBatches.BatchArrays batch = batches.load(index, step);
                    float[] pixels = batch.images().toFloatArray();
                    long[] labels = batch.labels().toLongArray();
                    float[] weights = batch.lossWeights().toFloatArray();
                    sizes.add(batch.size());
                    assertThat(batch.images().getShape().getShape()).containsExactly(batch.size(), 4);
                    assertThat(batch.lossWeights().getShape().getShape()).containsExactly(batch.size(), CLASSES);
                    for (int row = 0; row < batch.size(); row++) {
                        int image = (int) labels[row];
                        seen.add(image);
                        assertThat(pixels[row * 4]).isEqualTo(10 * image / 255f);
                        assertThat(pixels[row * 4 + 2]).isEqualTo((10 * image + 2) / 255f);
                        assertThat(pixels[row * 4 + 3]).isEqualTo(1f);
                        for (int label = 0; label < CLASSES; label++) {
                            float weight = label == image ? -1f / batch.size() : 0f;
                            assertThat(weights[row * CLASSES + label]).isEqualTo(weight);
                        }
                    }
                }
            }

            assertThat(sizes).containsExactly(3, 3, 1);
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
            assertThat(seen).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6));
        }
    }

    @Test
    void aBatchBelongsToItsStepAndIsFreedWithIt() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ShuffledBatches batches = new ShuffledBatches(manager, SEVEN, 3, CLASSES);
            batches.shuffle(new Random(3));
            NDManager step = manager.newSubManager();
            ShuffledBatches.BatchArrays batch = batches.load(0, step);
            assertThat(batch.images().getManager()).isSameAs(step);
            assertThat(batch.labels().getManager()).isSameAs(step);
            assertThat(batch.lossWeights().getManager()).isSameAs(step);

            step.close();

            assertThat(batch.images().isReleased()).isTrue();
            assertThat(batch.labels().isReleased()).isTrue();
            assertThat(batch.lossWeights().isReleased()).isTrue();
            // The reused arrays outlive the step: the next batch still loads.
            try (NDManager next = manager.newSubManager()) {
                assertThat(batches.load(1, next).labels().toLongArray()).hasSize(3);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameOrderAndEpochsDiffer() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Random first = new Random(42);
            Random second = new Random(42);
            ShuffledBatches one = new ShuffledBatches(manager, SEVEN, 7, CLASSES);
            ShuffledBatches other = new ShuffledBatches(manager, SEVEN, 7, CLASSES);
            Set<List<Long>> epochs = new HashSet<>();

            for (int epoch = 0; epoch < 3; epoch++) {
                one.shuffle(first);
                other.shuffle(second);
                List<Long> order = labels(one, manager);
                assertThat(labels(other, manager)).isEqualTo(order);
                epochs.add(order);
            }

            assertThat(epochs).hasSizeGreaterThan(1);
        }
    }

    private static List<Long> labels(ShuffledBatches batches, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            List<Long> labels = new ArrayList<>();
            for (long label : batches.load(0, step).labels().toLongArray()) {
                labels.add(label);
            }
            return labels;
        }
    }

    private static LabeledImages sevenImages() {
        byte[] pixels = new byte[7 * 4];
        byte[] labels = new byte[7];
        for (int i = 0; i < 7; i++) {
            pixels[i * 4] = (byte) (10 * i);
            pixels[i * 4 + 1] = (byte) (10 * i + 1);
            pixels[i * 4 + 2] = (byte) (10 * i + 2);
            pixels[i * 4 + 3] = (byte) 255;
            labels[i] = (byte) i;
        }
        return new LabeledImages(pixels, labels, 7, 2, 2);
    }
}
