package dev.trainboard.trainer.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import dev.trainboard.trainer.training.ModelInitializedListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/** Runs the publishing listeners and adds up the training thread's CPU time spent inside them. */
final class TimedListeners implements ModelInitializedListener {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<TrainingListener> listeners;
    private long cpuNanos;

    TimedListeners(List<TrainingListener> listeners) {
        this.listeners = listeners;
    }

    double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    @Override
    public void onModelInitialized(Trainer trainer, Shape inputShape) {
        timed(listener -> {
            if (listener instanceof ModelInitializedListener initialized) {
                initialized.onModelInitialized(trainer, inputShape);
            }
        });
    }

    @Override
    public void onEpoch(Trainer trainer) {
        timed(listener -> listener.onEpoch(trainer));
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        timed(listener -> listener.onTrainingBatch(trainer, batchData));
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        timed(listener -> listener.onValidationBatch(trainer, batchData));
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        timed(listener -> listener.onTrainingBegin(trainer));
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        timed(listener -> listener.onTrainingEnd(trainer));
    }

    private void timed(java.util.function.Consumer<TrainingListener> call) {
        long start = THREADS.getCurrentThreadCpuTime();
        listeners.forEach(call);
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
    }
}
