package dev.trainboard.events;

import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * A trainer moved a job to a new status.
 *
 * @param device {@code cpu} or {@code gpu}, once known
 * @param host the trainer that runs the attempt
 * @param error why the job failed, for FAILED
 * @param finalMetrics test-set metrics such as {@code test accuracy}, for SUCCEEDED
 */
public record JobStatusChanged(
        @NotNull JobStatus status, String device, String host, String error, Map<String, Double> finalMetrics)
        implements EventPayload {

    public static JobStatusChanged running(String device, String host) {
        return new JobStatusChanged(JobStatus.RUNNING, device, host, null, null);
    }

    public static JobStatusChanged succeeded(Map<String, Double> finalMetrics) {
        return new JobStatusChanged(JobStatus.SUCCEEDED, null, null, null, finalMetrics);
    }

    public static JobStatusChanged failed(String error) {
        return new JobStatusChanged(JobStatus.FAILED, null, null, error, null);
    }

    public static JobStatusChanged cancelled() {
        return new JobStatusChanged(JobStatus.CANCELLED, null, null, null, null);
    }
}
