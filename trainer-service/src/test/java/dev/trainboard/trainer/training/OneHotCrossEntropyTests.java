package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loss and its gradient against DJL's softmax cross-entropy, on real PyTorch arrays. */
class OneHotCrossEntropyTests {

    private static final int CLASSES = 10;

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
    }

    @Test
    void givesDjlsSoftmaxCrossEntropyAndItsGradient() {
        for (int size : new int[] {100, 3}) {
            Random random = new Random(size);
            float[] logits = new float[size * CLASSES];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) random.nextGaussian() * 4;
            }
            long[] labels = random.longs(size, 0, CLASSES).toArray();
            float[] weights = new float[size * CLASSES];
            OneHotCrossEntropy.writeWeights(labels, size, CLASSES, weights);

            Outcome ours = lossAndGradient(logits, size, manager -> new NDList(manager.create(labels),
                    manager.create(weights, new Shape(size, CLASSES))), new OneHotCrossEntropy());
            Outcome djls = lossAndGradient(logits, size, manager -> new NDList(manager.create(labels)),
                    Loss.softmaxCrossEntropyLoss());

            assertThat(ours.loss()).isCloseTo(djls.loss(), within(1e-5f));
            for (int i = 0; i < logits.length; i++) {
                assertThat(ours.gradient()[i]).as("gradient %d of batch size %d", i, size)
                        .isCloseTo(djls.gradient()[i], within(1e-7f));
            }
        }
    }

    @Test
    void weightsOfASmallerBatchLeaveNothingOfTheLastOne() {
        float[] weights = new float[4 * 3];
        OneHotCrossEntropy.writeWeights(new long[] {0, 1, 2, 0}, 4, 3, weights);

        OneHotCrossEntropy.writeWeights(new long[] {2, 1}, 2, 3, weights);

        assertThat(Arrays.copyOf(weights, 6)).containsExactly(0, 0, -0.5f, 0, -0.5f, 0);
    }

    @Test
    void refusesLabelsWithoutWeights() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDList labels = new NDList(manager.create(new long[] {1}));
            NDList logits = new NDList(manager.create(new float[] {0, 1}, new Shape(1, 2)));

            assertThatThrownBy(() -> new OneHotCrossEntropy().evaluate(labels, logits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("class indices and their weights");
        }
    }

    private record Outcome(float loss, float[] gradient) {
    }

    private static Outcome lossAndGradient(float[] values, int size, Function<NDManager, NDList> labels, Loss loss) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray logits = manager.create(values, new Shape(size, CLASSES));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(labels.apply(manager), new NDList(logits));
                collector.backward(value);
                return new Outcome(value.getFloat(), logits.getGradient().toFloatArray());
            }
        }
    }
}
