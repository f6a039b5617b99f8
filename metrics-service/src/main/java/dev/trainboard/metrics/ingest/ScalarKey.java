package dev.trainboard.metrics.ingest;

import java.util.UUID;

/** The primary key of a stored scalar. */
record ScalarKey(UUID jobId, int attempt, String tag, long step) {
}
