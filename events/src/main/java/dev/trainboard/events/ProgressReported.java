package dev.trainboard.events;

import jakarta.validation.constraints.Min;

/**
 * Where a running job is, sent every few seconds.
 *
 * @param epoch 0-based epoch in progress
 * @param step global step reached (epoch * stepsPerEpoch + batch index)
 * @param totalSteps global steps of the whole job
 * @param imagesPerSecond training throughput since the job started
 * @param etaSeconds estimated seconds to the end of training
 * @param loss mean training loss of the last logging window, or null before the first window
 */
public record ProgressReported(
        @Min(0) int epoch, @Min(1) int epochs, @Min(0) long step, @Min(1) long totalSteps,
        double imagesPerSecond, double etaSeconds, Double loss) implements EventPayload {
}
