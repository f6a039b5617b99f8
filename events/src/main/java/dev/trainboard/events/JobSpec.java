package dev.trainboard.events;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a user asks a trainer to do. The constraints here are the ones the gateway enforces and the
 * ones a consumer checks before acting on a message.
 *
 * @param runName directory name of the run in the log dir, unique across jobs
 * @param dataset which IDX files to train on
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param learningRate the optimizer's step size
 * @param hiddenSize width of the hidden layer (the tutorial uses 500)
 * @param optimizer Adam or plain SGD
 * @param seed seeds parameter initialisation and shuffling, so a run is reproducible
 * @param device where to train
 * @param logEverySteps how many steps make one window of the logged loss and accuracy
 * @param trainLimit when set, only the first this many training images are used (small demo runs, tests)
 * @param testLimit when set, only the first this many test images are evaluated
 * @param sweep name of the sweep this job belongs to, or null
 * @param checkpointEverySteps when set, a checkpoint is saved every this many steps instead of at each epoch's end
 */
public record JobSpec(
        @NotNull @Pattern(regexp = RunName.REGEX) String runName,
        @NotNull Dataset dataset,
        @Min(1) @Max(100) int epochs,
        @Min(1) @Max(60000) int batchSize,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("10") double learningRate,
        @Min(1) @Max(4096) int hiddenSize,
        @NotNull Optimizer optimizer,
        long seed,
        @NotNull Device device,
        @Min(1) @Max(100000) int logEverySteps,
        @Min(1) @Max(60000) Integer trainLimit,
        @Min(1) @Max(10000) Integer testLimit,
        @Size(max = 64) String sweep,
        @Min(CHECKPOINT_MIN_STEPS) @Max(1_000_000) Integer checkpointEverySteps) {

    /**
     * The shortest checkpoint interval: a checkpoint of the tutorial's network writes three times its 1.6 MB of
     * parameters and fsyncs them, several training steps' worth of time.
     */
    public static final int CHECKPOINT_MIN_STEPS = 10;

    /** The tutorial's settings: lr 0.001, batch 100, 2 epochs, 500 hidden units, Adam, a log line every 100 steps. */
    public static JobSpec tutorial(String runName) {
        return new JobSpec(runName, Dataset.MNIST, 2, 100, 0.001, 500, Optimizer.ADAM, 42L, Device.AUTO, 100,
                null, null, null, null);
    }
}
