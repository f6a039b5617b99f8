package dev.trainboard.trainer;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.Device;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.Optimizer;
import dev.trainboard.trainer.data.DatasetLoader;
import dev.trainboard.trainer.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real MNIST files under the repository's {@code data/mnist}, which {@code platform/fetch-mnist.sh}
 * writes. Tests fail with instructions, never skip, when they are missing.
 */
public final class MnistTestData {

    private MnistTestData() {
    }

    /** The repository's data directory, found from the module directory Maven runs tests in. */
    public static Path dataDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("platform"))) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isRegularFile(dir.resolve("data/mnist/train-images-idx3-ubyte"))) {
            throw new IllegalStateException("MNIST is missing from <repo>/data/mnist:"
                    + " run platform/fetch-mnist.sh from the repository root before the trainer-service tests");
        }
        return dir.resolve("data");
    }

    public static TrainingData load(int trainLimit, int testLimit) {
        return new DatasetLoader(dataDir(), Path.of("/nonexistent")).load(Dataset.MNIST, trainLimit, testLimit);
    }

    /** A CPU job on the first images of MNIST. */
    public static JobSpec slice(String runName, int epochs, int trainLimit, int testLimit, int batchSize,
            int logEverySteps) {
        return new JobSpec(runName, Dataset.MNIST, epochs, batchSize, 0.001, 500, Optimizer.ADAM, 42L, Device.CPU,
                logEverySteps, trainLimit, testLimit, null, null);
    }
}
