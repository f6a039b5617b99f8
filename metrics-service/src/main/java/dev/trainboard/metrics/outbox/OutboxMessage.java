package dev.trainboard.metrics.outbox;

/** A message waiting in the outbox: the serialized envelope and where it goes. */
public record OutboxMessage(long id, String topic, String key, String payload) {
}
