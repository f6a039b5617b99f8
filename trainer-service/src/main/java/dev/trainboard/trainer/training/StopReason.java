package dev.trainboard.trainer.training;

/** Why a training loop stopped before its last batch. */
public enum StopReason {
    /** A user cancelled the job; it ends as CANCELLED. */
    CANCELLED,
    /** This trainer lost the job's partition; another trainer runs the job again, so nothing is reported. */
    ABANDONED
}
