package dev.trainboard.trainer.jobs;

/** The job registry could not say whether a job may run; the record is retried, never parked. */
public class RegistryUnavailableException extends RuntimeException {

    RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
