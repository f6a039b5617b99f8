package dev.trainboard.trainer.metrics;

import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import java.util.List;

/**
 * Publishes the tutorial's {@code training loss} and {@code accuracy} every {@code logEverySteps} steps:
 * the mean batch loss and the fraction of correct predictions over the window, at global step
 * {@code epoch * stepsPerEpoch + i}. The sums are plain doubles, so nothing native outlives a step.
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
        batchData.getPredictions().forEach((device, predictions) -> {
            NDList labels = batchData.getLabels().get(device);
            windowLoss += trainer.getLoss().evaluate(labels, predictions).getFloat();
            windowCorrect += predictions.singletonOrThrow().argMax(1).eq(labels.singletonOrThrow())
                    .countNonzero().getLong();
        });
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

    /** The loss of the last published window, or null before the first one. */
    public Double lastWindowLoss() {
        return lastWindowLoss;
    }
}
