package dev.trainboard.events.api;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as the APIs show it.
 *
 * @param progress null until the trainer reports progress
 * @param finalMetrics e.g. {@code test accuracy}, {@code test loss}; null until the job succeeds
 */
public record JobView(UUID id, String runName, String sweep, JobSpec spec, JobStatus status, int attempt,
        String device, String host, String error, JobProgress progress, Map<String, Double> finalMetrics,
        Instant createdAt, Instant startedAt, Instant finishedAt) {
}
