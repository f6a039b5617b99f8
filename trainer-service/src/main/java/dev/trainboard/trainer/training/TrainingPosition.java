package dev.trainboard.trainer.training;

/**
 * Where training stands between two steps: what a checkpoint's {@code position.json} holds.
 *
 * @param epoch the 0-based epoch of the next step ({@code epochs} once every step is done)
 * @param step the steps done, which is the global step of the next one
 * @param shuffleSeed the seed of the shuffle order; epoch {@code e} uses the {@code e+1}-th shuffle drawn from it
 * @param shuffleOffset the batch index of the next step within the epoch's shuffled order
 * @param attempt the attempt that saved it
 */
public record TrainingPosition(int epoch, long step, long shuffleSeed, int shuffleOffset, int attempt) {
}
