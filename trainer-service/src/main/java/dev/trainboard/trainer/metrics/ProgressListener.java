package dev.trainboard.trainer.metrics;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.trainboard.events.ProgressReported;
import java.time.Duration;
import java.util.function.Supplier;

/** Publishes where the job is (epoch, step, images/s, ETA) at most once per interval, and after the last step. */
public class ProgressListener extends TrainingListenerAdapter {

    private final EventSink sink;
    private final long intervalNanos;
    private final int epochs;
    private final Supplier<Double> windowLoss;
    private long startedNanos = -1;
    private long firstStep;
    private long lastReportNanos;
    private long images;

    public ProgressListener(EventSink sink, Duration interval, int epochs, Supplier<Double> windowLoss) {
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.epochs = epochs;
        this.windowLoss = windowLoss;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        long now = System.nanoTime();
        if (startedNanos < 0) {
            startedNanos = now;
            lastReportNanos = now;
            // A resumed attempt starts mid-job: its rate counts only the steps it trained.
            firstStep = batchData.getBatch().getProgress();
        }
        Batch batch = batchData.getBatch();
        images += batch.getSize();
        long stepsDone = batch.getProgress() + 1;
        boolean last = stepsDone == batch.getProgressTotal();
        if (now - lastReportNanos >= intervalNanos || last) {
            lastReportNanos = now;
            double seconds = Math.max((now - startedNanos) / 1e9, 1e-9);
            double secondsPerStep = seconds / (stepsDone - firstStep);
            int stepsPerEpoch = (int) (batch.getProgressTotal() / epochs);
            sink.publish(new ProgressReported((int) Math.min(batch.getProgress() / stepsPerEpoch, epochs - 1), epochs,
                    batch.getProgress(), batch.getProgressTotal(), images / seconds,
                    secondsPerStep * (batch.getProgressTotal() - stepsDone), windowLoss.get()));
        }
    }
}
