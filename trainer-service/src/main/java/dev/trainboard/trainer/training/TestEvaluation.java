package dev.trainboard.trainer.training;

/**
 * The trained model on the test split.
 *
 * @param probabilities softmax output, {@code classes} values per test image, image after image
 * @param labels the true class of each test image
 */
public record TestEvaluation(double accuracy, double loss, float[] probabilities, byte[] labels, int classes) {
}
