package dev.trainboard.events;

import jakarta.validation.constraints.Size;

/**
 * A user asked to stop a job ({@link Topics#CONTROL}).
 *
 * @param reason why, for the trainer's log; bounded so that a forged record cannot flood it
 */
public record CancelRequested(@Size(max = 500) String reason) implements EventPayload {
}
