package dev.trainboard.trainer.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;

/**
 * A training listener that also wants the model once its parameters have shapes and initial values,
 * which DJL's {@code onTrainingBegin} (called before initialisation) cannot offer.
 */
public interface ModelInitializedListener extends TrainingListener {

    void onModelInitialized(Trainer trainer, Shape inputShape);
}
