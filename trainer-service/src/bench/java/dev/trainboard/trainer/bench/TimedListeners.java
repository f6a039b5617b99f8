package dev.trainboard.trainer.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import dev.trainboard.trainer.training.ModelInitializedListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the publishing listeners and adds up the time the training thread spends inside them, by the
 * monotonic clock. The listeners run on the training thread between two steps, for tens of microseconds, so
 * their wall time is their CPU time unless the thread is descheduled meanwhile (about once in a hundred
 * steps). The thread's CPU clock would be a system call per reading, and on virtual machines that isolate page
 * tables without PCID each entry into the kernel also empties the TLB: there ten readings a step made the
 * publishing job's steps 3.5 % slower, more than the listeners cost.
 */
final class TimedListeners implements ModelInitializedListener {

    private final List<TrainingListener> listeners;
    private final Map<String, Long> nanosByListener = new LinkedHashMap<>();

    TimedListeners(List<TrainingListener> listeners) {
        this.listeners = listeners;
        listeners.forEach(listener -> nanosByListener.put(listener.getClass().getSimpleName(), 0L));
    }

    double seconds() {
        return nanosByListener.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    }

    /** Seconds per listener, by class name, in the order the listeners run. */
    Map<String, Double> secondsByListener() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        nanosByListener.forEach((name, nanos) -> seconds.put(name, nanos / 1e9));
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
            long start = System.nanoTime();
            call.accept(listener);
            nanosByListener.merge(listener.getClass().getSimpleName(), System.nanoTime() - start, Long::sum);
        }
    }
}
