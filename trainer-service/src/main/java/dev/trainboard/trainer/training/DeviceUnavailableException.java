package dev.trainboard.trainer.training;

/** The job asked for a device this trainer does not have. */
public class DeviceUnavailableException extends RuntimeException {

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
