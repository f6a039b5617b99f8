package dev.trainboard.metrics.ingest;

/**
 * A record parsed but does not satisfy the contract or the admission rules; it goes to the dead-letter topic,
 * never retried. It carries no stack trace: rejecting is routine, and a flood of bad records must stay cheap.
 */
public class InvalidEventException extends RuntimeException {

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public InvalidEventException(String message) {
        this(RejectReason.CONTRACT, message);
    }

    public RejectReason reason() {
        return reason;
    }
}
