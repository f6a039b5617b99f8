package dev.trainboard.metrics.tensorboard;

/** A run name that could not be a directory directly under the log dir. */
public class InvalidRunNameException extends IllegalArgumentException {

    public InvalidRunNameException(String message) {
        super(message);
    }
}
