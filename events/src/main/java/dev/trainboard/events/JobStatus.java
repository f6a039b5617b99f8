package dev.trainboard.events;

/**
 * A job's life cycle. Statuses only move forward: QUEUED, then RUNNING, then one terminal status.
 * A trainer that runs the job again after a crash reports RUNNING with a higher attempt.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * Whether a job in this status at {@code currentAttempt} may take {@code next} reported for
     * {@code nextAttempt}. A later attempt may restart a job that is not terminal; within one attempt
     * the status only moves forward; nothing leaves a terminal status.
     */
    public boolean mayMoveTo(JobStatus next, int currentAttempt, int nextAttempt) {
        if (isTerminal()) {
            return false;
        }
        if (nextAttempt != currentAttempt) {
            return nextAttempt > currentAttempt;
        }
        return next.ordinal() > ordinal();
    }
}
