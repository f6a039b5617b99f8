package dev.trainboard.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

/**
 * The trainer's loss function, keeping the value it last computed so that a listener can publish the
 * loss the trainer actually backpropagated. DJL hands listeners the predictions and labels but not the
 * loss, and working the softmax cross-entropy out again from the logits (a thousand {@code Math.exp}
 * per step) was most of what publishing cost the training thread.
 */
public final class ObservedLoss extends Loss {

    private final Loss loss;
    private NDArray lastValue;

    public ObservedLoss(Loss loss) {
        super(loss.getName());
        this.loss = loss;
    }

    /** The observed loss of {@code trainer}, which must have been configured with one. */
    public static ObservedLoss of(Trainer trainer) {
        if (trainer.getLoss() instanceof ObservedLoss observed) {
            return observed;
        }
        throw new IllegalStateException("the trainer's loss is not an ObservedLoss: " + trainer.getLoss());
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        lastValue = loss.evaluate(labels, predictions);
        return lastValue;
    }

    /**
     * The value of the last {@link #evaluate} call: the batch's mean loss during a training step. It is
     * readable until the manager of that step closes, so within the step's listeners.
     */
    public double lastValue() {
        if (lastValue == null) {
            throw new IllegalStateException("no loss has been computed yet");
        }
        return HostMemory.floats(lastValue).get(0);
    }
}
