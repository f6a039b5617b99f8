package dev.trainboard.events;

/** Kafka topic names. Every record on them is keyed by the job id, so one job's records stay in order. */
public final class Topics {

    /** {@link JobSubmitted} envelopes, produced by the metrics service's outbox relay, consumed by trainers. */
    public static final String JOBS = "trainboard.jobs";

    /** Everything a trainer reports about a job: status, progress and metrics. */
    public static final String EVENTS = "trainboard.events";

    /** {@link CancelRequested} envelopes; every trainer reads all of them. */
    public static final String CONTROL = "trainboard.control";

    /** Where a consumer of {@link #EVENTS} parks a record it cannot parse or validate. */
    public static final String EVENTS_DEAD_LETTER = "trainboard.events.DLT";

    /** Where a trainer parks a job record it may not run: unreadable, or not a job the registry queued. */
    public static final String JOBS_DEAD_LETTER = "trainboard.jobs.DLT";

    /** Where a trainer parks a control record it cannot parse or validate. */
    public static final String CONTROL_DEAD_LETTER = "trainboard.control.DLT";

    private Topics() {
    }
}
