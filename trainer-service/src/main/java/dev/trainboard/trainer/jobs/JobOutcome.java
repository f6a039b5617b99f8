package dev.trainboard.trainer.jobs;

/** How one attempt of a job ended on this trainer. */
enum JobOutcome {
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** Stopped without a terminal status because another trainer takes the job over. */
    ABANDONED
}
