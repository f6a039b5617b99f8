package dev.trainboard.gateway.jobs;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.Device;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.Optimizer;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/jobs}: a {@link JobSpec} in which every field may be left out. Absent fields take
 * the values of {@link JobSpec#tutorial}; the result is checked against the constraints declared on
 * {@link JobSpec}.
 */
@Schema(description = "A training job; absent fields take the PyTorch tutorial's values")
public record JobRequest(
        @Schema(description = "Run directory name; generated when absent", example = "mnist1",
                pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String runName,
        @Schema(example = "mnist") Dataset dataset,
        @Schema(description = "1..100", example = "2") Integer epochs,
        @Schema(description = "1..60000", example = "100") Integer batchSize,
        @Schema(description = "> 0 and <= 10", example = "0.001") Double learningRate,
        @Schema(description = "1..4096", example = "500") Integer hiddenSize,
        @Schema(example = "adam") Optimizer optimizer,
        @Schema(example = "42") Long seed,
        @Schema(example = "auto") Device device,
        @Schema(description = "1..100000", example = "100") Integer logEverySteps,
        @Schema(description = "Train on only this many images (1..60000)") Integer trainLimit,
        @Schema(description = "Evaluate only this many test images (1..10000)") Integer testLimit,
        @Schema(description = "Save a checkpoint every this many steps (10..1000000); absent: at each epoch's end",
                example = "500") Integer checkpointEverySteps) {

    /** This request with the tutorial's values where it says nothing. */
    JobSpec toSpec(String resolvedRunName, String sweep) {
        JobSpec defaults = JobSpec.tutorial(resolvedRunName);
        return new JobSpec(resolvedRunName,
                or(dataset, defaults.dataset()),
                or(epochs, defaults.epochs()),
                or(batchSize, defaults.batchSize()),
                or(learningRate, defaults.learningRate()),
                or(hiddenSize, defaults.hiddenSize()),
                or(optimizer, defaults.optimizer()),
                or(seed, defaults.seed()),
                or(device, defaults.device()),
                or(logEverySteps, defaults.logEverySteps()),
                trainLimit != null ? trainLimit : defaults.trainLimit(),
                testLimit != null ? testLimit : defaults.testLimit(),
                sweep,
                checkpointEverySteps);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
