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

/** Runs the publishing listeners and adds up the training thread's CPU time spent inside them. */
final class TimedListeners implements ModelInitializedListener {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<TrainingListener> listeners;
    private final Map<String, Long> cpuNanosByListener = new LinkedHashMap<>();

    TimedListeners(List<TrainingListener> listeners) {
        this.listeners = listeners;
        listeners.forEach(listener -> cpuNanosByListener.put(listener.getClass().getSimpleName(), 0L));
    }

    double cpuSeconds() {
        return cpuNanosByListener.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    }

    /** CPU seconds per listener, by class name, in the order the listeners run. */
    Map<String, Double> cpuSecondsByListener() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        cpuNanosByListener.forEach((name, nanos) -> seconds.put(name, nanos / 1e9));
        return seconds;
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
        for (TrainingListener listener : listeners) {
            long start = THREADS.getCurrentThreadCpuTime();
            call.accept(listener);
            cpuNanosByListener.merge(listener.getClass().getSimpleName(),
                    THREADS.getCurrentThreadCpuTime() - start, Long::sum);
        }
    }
}
