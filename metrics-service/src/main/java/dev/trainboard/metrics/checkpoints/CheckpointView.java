package dev.trainboard.metrics.checkpoints;

import java.time.Instant;

/**
 * One entry of {@code GET /internal/jobs/{id}/checkpoints}.
 *
 * @param path the directory relative to the artifact store's root
 * @param attempt the attempt that saved it
 */
public record CheckpointView(long step, int epoch, String path, boolean finalModel, long sizeBytes, int attempt,
        Instant savedAt) {
}
