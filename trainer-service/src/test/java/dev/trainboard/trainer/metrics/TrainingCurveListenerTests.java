package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.Batchifier;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.trainer.training.MnistNetwork;
import dev.trainboard.trainer.training.ObservedLoss;
import dev.trainboard.trainer.training.OneHotCrossEntropy;
import dev.trainboard.trainer.training.PyTorchEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window means against a softmax cross-entropy and arg-max worked out here, on real PyTorch arrays,
 * with the loss computed by a real trainer's {@link ObservedLoss} as the training step computes it.
 */
class TrainingCurveListenerTests {

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
    }

    @Test
    void publishesTheMeanLossAndTheFractionCorrectOfEachWindow() {
        List<EventPayload> events = new ArrayList<>();
        TrainingCurveListener listener = new TrainingCurveListener(events::add, 2);
        try (Model model = Model.newInstance("curve", Device.cpu());
                Trainer trainer = trainer(model)) {
            NDManager manager = trainer.getManager();
            // The training loop slices each batch's labels out of one array, so the listener must read
            // views that start at an offset: 9 is never a label here.
            NDArray labels = manager.create(new long[] {9, 0, 2, 2, 1});
            float[][] first = {{2, 0, 0}, {0, 1, 0}};
            float[][] second = {{0, 0, 3}, {1, 1, 1}};

            listener.onTrainingBatch(trainer, trainedBatch(trainer, 0, first, labels.get("1:3")));
            assertThat(events).isEmpty();
            listener.onTrainingBatch(trainer, trainedBatch(trainer, 1, second, labels.get("3:5")));

            double expectedLoss = (crossEntropy(first[0], 0) + crossEntropy(first[1], 2)) / 2 / 2
                    + (crossEntropy(second[0], 2) + crossEntropy(second[1], 1)) / 2 / 2;
            List<ScalarPoint> points = ((ScalarsLogged) events.get(0)).points();
            assertThat(points).extracting(ScalarPoint::tag)
                    .containsExactly(TrainingCurveListener.LOSS_TAG, TrainingCurveListener.ACCURACY_TAG);
            assertThat(points).extracting(ScalarPoint::step).containsOnly(1L);
            assertThat(points.get(0).value()).isCloseTo(expectedLoss, within(1e-6));
            // Right: first[0] (0) and second[0] (2). Wrong: first[1] says 1, second[1] ties and says 0.
            assertThat(points.get(1).value()).isEqualTo(0.5);
            assertThat(listener.lastWindowLoss()).isCloseTo(expectedLoss, within(1e-6));
        }
    }

    private static Trainer trainer(Model model) {
        model.setBlock(MnistNetwork.create(4));
        return model.newTrainer(new DefaultTrainingConfig(new ObservedLoss(new OneHotCrossEntropy())));
    }

    /** What a training step hands its listeners, after the trainer's loss has seen these logits. */
    private static BatchData trainedBatch(Trainer trainer, long step, float[][] logits, NDArray labels) {
        NDManager manager = trainer.getManager();
        int classes = logits[0].length;
        float[] weights = new float[logits.length * classes];
        OneHotCrossEntropy.writeWeights(labels.toLongArray(), logits.length, classes, weights);
        NDList labelArrays = new NDList(labels, manager.create(weights, new Shape(logits.length, classes)));
        Batch batch = new Batch(manager, new NDList(), labelArrays, logits.length, Batchifier.STACK,
                Batchifier.STACK, step, 2);
        NDList predictions = new NDList(manager.create(logits));
        trainer.getLoss().evaluate(labelArrays, predictions);
        return new BatchData(batch, Map.of(Device.cpu(), labelArrays), Map.of(Device.cpu(), predictions));
    }

    private static double crossEntropy(float[] logits, int label) {
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit);
        }
        return -Math.log(Math.exp(logits[label]) / sum);
    }
}
