package dev.trainboard.metrics.jobs;

import dev.trainboard.events.JobStatus;
import java.util.UUID;

/** What ingestion needs to know about a job: where its files go and where its life cycle stands. */
public record JobState(UUID id, String runName, JobStatus status, int attempt) {
}
