package dev.trainboard.trainer.data;

import dev.trainboard.events.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds and reads a data set's four IDX files. MNIST lives in {@code <dataDir>/mnist} (written by
 * {@code platform/fetch-mnist.sh}); Fashion-MNIST in {@code <dataDir>/fashion-mnist} or in the directory of
 * Debian's {@code dataset-fashion-mnist} package. Each file may be raw or end in {@code .gz}.
 */
public class DatasetLoader {

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final Path dataDir;
    private final Path fashionMnistSystemDir;

    public DatasetLoader(Path dataDir, Path fashionMnistSystemDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.fashionMnistSystemDir = fashionMnistSystemDir;
    }

    /** Both splits, each cut to its limit when one is given. */
    public TrainingData load(Dataset dataset, Integer trainLimit, Integer testLimit) {
        Path dir = directoryOf(dataset);
        return new TrainingData(
                read(dir, TRAIN_IMAGES, TRAIN_LABELS, trainLimit), read(dir, TEST_IMAGES, TEST_LABELS, testLimit));
    }

    private Path directoryOf(Dataset dataset) {
        return switch (dataset) {
            case MNIST -> firstComplete(List.of(dataDir.resolve("mnist"))).orElseThrow(() -> new DataNotFoundException(
                    "MNIST is not in " + dataDir.resolve("mnist") + ": run platform/fetch-mnist.sh " + dataDir));
            case FASHION_MNIST -> firstComplete(List.of(dataDir.resolve("fashion-mnist"), fashionMnistSystemDir))
                    .orElseThrow(() -> new DataNotFoundException("Fashion-MNIST is neither in "
                            + dataDir.resolve("fashion-mnist") + " nor in " + fashionMnistSystemDir
                            + ": install Debian's dataset-fashion-mnist package"
                            + " or copy its four IDX files into " + dataDir.resolve("fashion-mnist")));
        };
    }

    private static Optional<Path> firstComplete(List<Path> candidates) {
        return candidates.stream()
                .filter(dir -> List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS).stream()
                        .allMatch(name -> file(dir, name).isPresent()))
                .findFirst();
    }

    private static Optional<Path> file(Path dir, String name) {
        return List.of(dir.resolve(name), dir.resolve(name + ".gz")).stream().filter(Files::isRegularFile).findFirst();
    }

    private static LabeledImages read(Path dir, String imagesName, String labelsName, Integer limit) {
        IdxArray images = IdxReader.read(file(dir, imagesName).orElseThrow());
        IdxArray labels = IdxReader.read(file(dir, labelsName).orElseThrow());
        if (images.dimensions().length != 3 || labels.dimensions().length != 1) {
            throw new IdxFormatException(dir.resolve(imagesName) + " and " + labelsName
                    + " must hold images (3 dimensions) and labels (1 dimension)");
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(dir.resolve(imagesName) + " holds " + images.count() + " images but "
                    + labelsName + " holds " + labels.count() + " labels");
        }
        int count = limit == null ? images.count() : Math.min(limit, images.count());
        return new LabeledImages(Arrays.copyOf(images.values(), count * images.itemSize()),
                Arrays.copyOf(labels.values(), count), count, images.dimensions()[1], images.dimensions()[2]);
    }
}
