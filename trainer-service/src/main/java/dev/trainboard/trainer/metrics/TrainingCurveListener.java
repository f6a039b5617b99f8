package dev.trainboard.trainer.metrics;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.trainer.training.HostMemory;
import dev.trainboard.trainer.training.ObservedLoss;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * Publishes the tutorial's {@code training loss} and {@code accuracy} every {@code logEverySteps} steps:
 * the mean batch loss and the fraction of correct predictions over the window, at global step
 * {@code epoch * stepsPerEpoch + i}. The sums are plain doubles, so nothing native outlives a step.
 *
 * <p>The loss is the one the trainer backpropagated ({@link ObservedLoss}); the arg-max is worked out here
 * from the batch's logits and labels, read in place: doing it natively took several engine calls per step
 * (0.35 ms together with recomputing the loss, 5 % of a training step on one CPU thread), and copying the
 * two arrays out cost about 30 us more than reading them in place.
 */
public class TrainingCurveListener extends TrainingListenerAdapter {

    public static final String LOSS_TAG = "training loss";
    public static final String ACCURACY_TAG = "accuracy";

    private final EventSink sink;
    private final int logEverySteps;
    private double windowLoss;
    private long windowCorrect;
    private long windowImages;
    private int windowSteps;
    private volatile Double lastWindowLoss;

    public TrainingCurveListener(EventSink sink, int logEverySteps) {
        this.sink = sink;
        this.logEverySteps = logEverySteps;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        for (Map.Entry<Device, NDList> entry : batchData.getPredictions().entrySet()) {
            FloatBuffer logits = HostMemory.floats(entry.getValue().singletonOrThrow());
            // The class indices come first; the loss's weights follow them (OneHotCrossEntropy).
            LongBuffer labels = HostMemory.longs(batchData.getLabels().get(entry.getKey()).get(0));
            windowCorrect += correctPredictions(logits, labels);
        }
        windowLoss += ObservedLoss.of(trainer).lastValue();
        windowImages += batchData.getBatch().getSize();
        windowSteps++;
        long step = batchData.getBatch().getProgress();
        if ((step + 1) % logEverySteps == 0) {
            double loss = windowLoss / windowSteps;
            double wallTime = WallTime.now();
            sink.publish(new ScalarsLogged(List.of(
                    new ScalarPoint(LOSS_TAG, step, wallTime, loss),
                    new ScalarPoint(ACCURACY_TAG, step, wallTime, (double) windowCorrect / windowImages))));
            lastWindowLoss = loss;
            windowLoss = 0;
            windowCorrect = 0;
            windowImages = 0;
            windowSteps = 0;
        }
    }

    /** How many rows of {@code logits} have their largest value at the label's index. */
    private static int correctPredictions(FloatBuffer logits, LongBuffer labels) {
        int classes = logits.capacity() / labels.capacity();
        int correct = 0;
        for (int i = 0; i < labels.capacity(); i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits.get(i * classes + c) > logits.get(i * classes + best)) {
                    best = c;
                }
            }
            correct += best == labels.get(i) ? 1 : 0;
        }
        return correct;
    }

    /** The loss of the last published window, or null before the first one. */
    public Double lastWindowLoss() {
        return lastWindowLoss;
    }
}
