package dev.trainboard.metrics.ingest;

import java.util.Locale;

/** Why admission refused a record, in few enough kinds to tag a counter with (docs/architecture.md, "Admission"). */
public enum RejectReason {
    /** The value is not a JSON event envelope. */
    UNPARSABLE,
    /** The envelope breaks the contract: annotations, schema version, key, list lengths, an unwritable payload. */
    CONTRACT,
    /** No job with that id is registered. */
    UNKNOWN_JOB,
    /** The attempt is not the job's current one, or a status would move backwards. */
    ATTEMPT,
    /** The job has ended and the record came after the status that ended it. */
    TERMINAL,
    /** A metric of a job no trainer has started yet. */
    NOT_STARTED,
    /** A step outside the job's range. */
    STEP,
    /** A tag TensorBoard or the event-file layer cannot take. */
    TAG_NAME,
    /** A tag already used by another plugin in the run. */
    TAG_KIND,
    /** Too large: too many values, too long a text, too big an image. */
    SIZE,
    /** NaN or an infinity where only finite numbers are allowed. */
    NON_FINITE;

    /** The name in the {@code reason} tag of {@code trainboard.events.rejected} and in the reason header. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
