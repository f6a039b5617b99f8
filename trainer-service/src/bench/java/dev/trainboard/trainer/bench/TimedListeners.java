package dev.trainboard.trainer.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import dev.trainboard.trainer.training.ModelInitializedListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the publishing listeners and adds up the training thread's CPU time spent inside them, less what
 * reading the thread's CPU clock costs: each reading is a system call of a few microseconds on these
 * virtual machines, about as much as a listener with nothing to do per step, so every timed call is
 * charged the cost of two back-to-back readings taken in the same callback.
 */
final class TimedListeners implements ModelInitializedListener {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<TrainingListener> listeners;
    private final Map<String, Long> cpuNanosByListener = new LinkedHashMap<>();
    /** The clock's own cost, summed over the callbacks: what each listener's total is corrected by. */
    private long clockNanos;

    TimedListeners(List<TrainingListener> listeners) {
        this.listeners = listeners;
        listeners.forEach(listener -> cpuNanosByListener.put(listener.getClass().getSimpleName(), 0L));
    }

    double cpuSeconds() {
        return cpuSecondsByListener().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU seconds per listener without the clock's cost, by class name, in the order the listeners run. */
    Map<String, Double> cpuSecondsByListener() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        cpuNanosByListener.forEach((name, nanos) -> seconds.put(name, (nanos - clockNanos) / 1e9));
        return seconds;
    }

    /** What reading the clock cost per listener, over the whole job; subtracted from the figures above. */
    double clockSecondsPerListener() {
        return clockNanos / 1e9;
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

    private void timed(Consumer<TrainingListener> call) {
        long clockStart = THREADS.getCurrentThreadCpuTime();
        clockNanos += THREADS.getCurrentThreadCpuTime() - clockStart;
        for (TrainingListener listener : listeners) {
            long start = THREADS.getCurrentThreadCpuTime();
            call.accept(listener);
            cpuNanosByListener.merge(listener.getClass().getSimpleName(),
                    THREADS.getCurrentThreadCpuTime() - start, Long::sum);
        }
    }
}
