package dev.trainboard.metrics.ingest;

/** A record parsed but does not satisfy the contract; it goes to the dead-letter topic, never retried. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
