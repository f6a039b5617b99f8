package dev.trainboard.trainer.system;

/**
 * A record the trainer will not act on (unreadable, invalid, or not a job the registry queued). It is parked on the
 * topic's dead-letter topic at once, never retried; the message is the reason, short and free of record content.
 */
public class RejectedRecordException extends RuntimeException {

    public RejectedRecordException(String reason) {
        super(reason, null, false, false);
    }
}
