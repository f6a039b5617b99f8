package dev.trainboard.metrics.query;

import dev.trainboard.events.EventPayload;
import java.time.Instant;

/**
 * A payload as stored, with the attempt that logged it.
 *
 * @param loggedAt when the trainer emitted it; kept for payloads without a wall time of their own
 */
public record Stored<T extends EventPayload>(int attempt, Instant loggedAt, T payload) {
}
