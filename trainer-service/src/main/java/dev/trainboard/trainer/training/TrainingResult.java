package dev.trainboard.trainer.training;

/**
 * What a finished training run reports.
 *
 * @param device the DJL device it ran on, e.g. {@code cpu()} or {@code gpu(0)}
 * @param steps optimizer steps taken over all epochs
 * @param trainingSeconds wall time of the training loop, test evaluation excluded
 * @param imagesPerSecond training images processed per second of the loop
 */
public record TrainingResult(String device, long steps, double trainingSeconds, double imagesPerSecond,
        TestEvaluation test) {
}
