package dev.trainboard.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One training step: forward, loss and backward on each of the trainer's devices, then the listeners, as DJL's
 * {@code EasyTrain.trainBatch} takes it, but with the gradients recorded by {@link GradientRecording}, so that
 * several jobs train at the same time in one process.
 */
final class TrainingStep {

    private TrainingStep() {
    }

    static void run(Trainer trainer, Batch batch) {
        TrainingListener.BatchData batchData = new TrainingListener.BatchData(batch, new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
        try (GradientRecording gradients = new GradientRecording()) {
            for (Batch split : batch.split(trainer.getDevices(), false)) {
                NDList labels = split.getLabels();
                NDList predictions = trainer.forward(split.getData(), labels);
                gradients.backward(trainer.getLoss().evaluate(labels, predictions));
                batchData.getLabels().put(labels.get(0).getDevice(), labels);
                batchData.getPredictions().put(predictions.get(0).getDevice(), predictions);
            }
        }
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
    }
}
