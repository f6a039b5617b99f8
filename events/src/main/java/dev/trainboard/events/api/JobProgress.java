package dev.trainboard.events.api;

/** The latest progress a trainer reported for a job; see {@link dev.trainboard.events.ProgressReported}. */
public record JobProgress(int epoch, int epochs, long step, long totalSteps, double imagesPerSecond,
        double etaSeconds, Double loss) {
}
