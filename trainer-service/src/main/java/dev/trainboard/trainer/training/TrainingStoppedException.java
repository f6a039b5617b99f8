package dev.trainboard.trainer.training;

/** Thrown out of the training loop when its {@link StopSignal} asks it to stop. */
public class TrainingStoppedException extends RuntimeException {

    private final StopReason reason;

    public TrainingStoppedException(StopReason reason, long step) {
        super("training stopped (" + reason + ") before step " + step);
        this.reason = reason;
    }

    public StopReason reason() {
        return reason;
    }
}
