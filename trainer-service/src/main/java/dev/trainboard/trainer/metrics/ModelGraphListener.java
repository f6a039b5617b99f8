package dev.trainboard.trainer.metrics;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.trainboard.trainer.training.ModelInitializedListener;

/** Publishes the model graph once the parameters have their shapes. */
public class ModelGraphListener extends TrainingListenerAdapter implements ModelInitializedListener {

    private final EventSink sink;

    public ModelGraphListener(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void onModelInitialized(Trainer trainer, Shape inputShape) {
        sink.publish(ModelGraph.describe(trainer.getModel().getBlock(), inputShape));
    }
}
