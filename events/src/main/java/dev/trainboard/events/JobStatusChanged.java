package dev.trainboard.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * A trainer moved a job to a new status.
 *
 * @param device {@code cpu} or {@code gpu}, once known
 * @param host the trainer that runs the attempt
 * @param error why the job failed, for FAILED
 * @param finalMetrics test-set metrics such as {@code test accuracy}, for SUCCEEDED
 * @param resumedFromStep for RUNNING, the step of the checkpoint the attempt resumed from; null when it starts at
 *     step 0. What earlier attempts logged from this step on is superseded.
 */
public record JobStatusChanged(
        @NotNull JobStatus status, String device, String host, String error, Map<String, Double> finalMetrics,
        @Min(0) Long resumedFromStep) implements EventPayload {

    public static JobStatusChanged running(String device, String host) {
        return new JobStatusChanged(JobStatus.RUNNING, device, host, null, null, null);
    }

    /** RUNNING for an attempt that continues from the checkpoint saved at {@code step}. */
    public static JobStatusChanged resumed(String device, String host, long step) {
        return new JobStatusChanged(JobStatus.RUNNING, device, host, null, null, step);
    }

    public static JobStatusChanged succeeded(Map<String, Double> finalMetrics) {
        return new JobStatusChanged(JobStatus.SUCCEEDED, null, null, null, finalMetrics, null);
    }

    public static JobStatusChanged failed(String error) {
        return new JobStatusChanged(JobStatus.FAILED, null, null, error, null, null);
    }

    public static JobStatusChanged cancelled() {
        return new JobStatusChanged(JobStatus.CANCELLED, null, null, null, null, null);
    }
}
