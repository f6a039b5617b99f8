package dev.trainboard.events;

/** A user asked to stop a job ({@link Topics#CONTROL}). */
public record CancelRequested(String reason) implements EventPayload {
}
