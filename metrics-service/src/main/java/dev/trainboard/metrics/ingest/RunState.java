package dev.trainboard.metrics.ingest;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What admission knows about one job while it judges a batch: read at the start of the batch, then moved along
 * by the status changes it admits, so that a record is judged against the records before it.
 */
final class RunState {

    /** Training images of both data sets (MNIST and Fashion-MNIST); a job trains on at most this many. */
    static final int TRAINING_IMAGES = 60_000;

    private final UUID jobId;
    private final long lastStep;
    private final Map<String, PluginKind> kinds;
    private JobStatus status;
    private int attempt;
    private Integer finishedPartition;
    private Long finishedOffset;

    RunState(UUID jobId, JobStatus status, int attempt, JobSpec spec, Integer finishedPartition, Long finishedOffset,
            Map<String, PluginKind> kinds) {
        this.jobId = jobId;
        this.status = status;
        this.attempt = attempt;
        this.lastStep = lastStep(spec);
        this.finishedPartition = finishedPartition;
        this.finishedOffset = finishedOffset;
        this.kinds = kinds;
    }

    /**
     * The highest step the job can log: its steps run from 0 to epochs x steps per epoch - 1, and the test-set
     * results come at epochs x steps per epoch.
     */
    static long lastStep(JobSpec spec) {
        long images = spec.trainLimit() == null ? TRAINING_IMAGES : Math.min(spec.trainLimit(), TRAINING_IMAGES);
        return spec.epochs() * ((images + spec.batchSize() - 1) / spec.batchSize());
    }

    UUID jobId() {
        return jobId;
    }

    long lastStep() {
        return lastStep;
    }

    /**
     * Admits a status change, or throws. Returns the position to record when the change ends the job.
     * A trainer reports RUNNING, then a terminal status, per attempt; a later attempt (a trainer running the job
     * again after a crash, or finding it cancelled) may take over any job that has not ended.
     */
    Finish admitStatus(JobStatus next, int nextAttempt, int partition, long offset, int maxAttempt) {
        if (status.isTerminal()) {
            requireBeforeFinish(partition, offset);
            return null;
        }
        if (next == JobStatus.QUEUED) {
            throw new InvalidEventException(RejectReason.ATTEMPT, "a trainer never reports QUEUED");
        }
        if (nextAttempt > maxAttempt) {
            throw new InvalidEventException(RejectReason.ATTEMPT, "attempt " + nextAttempt + " is above the limit of "
                    + maxAttempt);
        }
        if (nextAttempt < attempt) {
            throw staleAttempt(nextAttempt);
        }
        if (nextAttempt == attempt && next.ordinal() < status.ordinal()) {
            throw new InvalidEventException(RejectReason.ATTEMPT, "status would move back from " + status + " to "
                    + next + " in attempt " + attempt);
        }
        if (nextAttempt == attempt && next == status) {
            return null; // a redelivery: the store leaves the row as it is
        }
        status = next;
        attempt = nextAttempt;
        if (next.isTerminal()) {
            finishedPartition = partition;
            finishedOffset = offset;
            return new Finish(jobId, partition, offset);
        }
        return null;
    }

    /** Admits a metric or progress record of {@code eventAttempt}, or throws. */
    void requireCurrent(int eventAttempt, int partition, long offset) {
        if (status.isTerminal()) {
            requireBeforeFinish(partition, offset);
        } else if (status == JobStatus.QUEUED) {
            throw new InvalidEventException(RejectReason.NOT_STARTED, "job " + jobId + " has not been started");
        }
        if (eventAttempt != attempt) {
            throw staleAttempt(eventAttempt);
        }
    }

    /**
     * What a trainer sends while finishing (the test-set scalars, PR curves, embedding and hparams) comes before its
     * terminal status on the same partition, so after the end only a redelivery of a record read before it passes.
     */
    private void requireBeforeFinish(int partition, long offset) {
        if (finishedOffset == null || partition != finishedPartition || offset >= finishedOffset) {
            throw new InvalidEventException(RejectReason.TERMINAL, "job " + jobId + " is " + status
                    + "; records after the one that ended it are refused");
        }
    }

    private InvalidEventException staleAttempt(int eventAttempt) {
        return new InvalidEventException(RejectReason.ATTEMPT, "attempt " + eventAttempt + " is not the job's current"
                + " attempt " + attempt);
    }

    /** Checks every tag of one event against the run's plugin kinds; returns the tags the event claims first. */
    List<TagClaim> claim(Map<String, PluginKind> used) {
        List<TagClaim> claims = new ArrayList<>(0);
        for (Map.Entry<String, PluginKind> use : used.entrySet()) {
            PluginKind known = kinds.get(use.getKey());
            if (known == null) {
                claims.add(new TagClaim(jobId, use.getKey(), use.getValue()));
            } else if (known != use.getValue()) {
                throw new InvalidEventException(RejectReason.TAG_KIND, "tag " + TagNames.printable(use.getKey())
                        + " is used for " + known + " in this run, not " + use.getValue());
            }
        }
        claims.forEach(claim -> kinds.put(claim.tag(), claim.kind()));
        return claims;
    }

    /** A tag a run uses for the first time, and its plugin. */
    record TagClaim(UUID jobId, String tag, PluginKind kind) {
    }

    /** Where the record that ended a job was read. */
    record Finish(UUID jobId, int partition, long offset) {
    }
}
