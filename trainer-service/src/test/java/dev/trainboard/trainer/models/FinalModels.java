package dev.trainboard.trainer.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import dev.trainboard.events.JobSpec;
import dev.trainboard.trainer.data.LabeledImages;
import dev.trainboard.trainer.training.MnistNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a job's final model into an artifact store exactly as the store's layout says ({@link ModelArtifacts}):
 * the trainer's network trained for a few batches, {@code Model.save(dir, "mnist")}, {@code model.json}, then
 * {@code COMPLETE}.
 */
final class FinalModels {

    private FinalModels() {
    }

    /** Trains on the first {@code batches * batchSize} images of {@code train}, one pass, and stores the model. */
    static Path write(Path root, UUID jobId, JobSpec spec, LabeledImages train, int batches, double testAccuracy)
            throws IOException {
        Path directory = new ModelArtifacts(root).modelDirectory(jobId);
        Files.createDirectories(directory);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) spec.learningRate()))
                        .build())
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance("mnist", Device.cpu())) {
            model.setBlock(MnistNetwork.create(spec.hiddenSize()));
            try (Trainer trainer = model.newTrainer(config)) {
                int pixels = train.pixelsPerImage();
                trainer.initialize(new Shape(spec.batchSize(), pixels));
                for (int b = 0; b < batches; b++) {
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        int from = b * spec.batchSize();
                        float[] images = new float[spec.batchSize() * pixels];
                        float[] labels = new float[spec.batchSize()];
                        for (int i = 0; i < spec.batchSize(); i++) {
                            for (int p = 0; p < pixels; p++) {
                                images[i * pixels + p] = (train.pixels()[(from + i) * pixels + p] & 0xff) / 255f;
                            }
                            labels[i] = train.labels()[from + i];
                        }
                        NDArray x = step.create(images, new Shape(spec.batchSize(), pixels));
                        NDArray y = step.create(labels, new Shape(spec.batchSize()));
                        EasyTrain.trainBatch(trainer, new Batch(step, new NDList(x), new NDList(y), spec.batchSize(),
                                Batchifier.STACK, Batchifier.STACK, b, batches));
                        trainer.step();
                    }
                }
            }
            model.save(directory, ModelArtifacts.PARAMETERS_PREFIX);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("architecture", Map.of("input", train.pixelsPerImage(), "hidden", spec.hiddenSize(),
                "output", MnistNetwork.CLASSES, "activation", "relu"));
        description.put("spec", spec);
        description.put("testAccuracy", testAccuracy);
        description.put("step", batches);
        description.put("createdAt", Instant.now().toString());
        Files.write(directory.resolve(ModelArtifacts.DESCRIPTION_FILE),
                JsonMapper.builder().build().writeValueAsBytes(description));
        Files.createFile(directory.resolve(ModelArtifacts.COMPLETE_MARKER));
        return directory;
    }

    /** The first {@code count} images of a split as network input: grey / 255, row-major. */
    static float[][] inputs(LabeledImages split, int count) {
        int pixels = split.pixelsPerImage();
        float[][] inputs = new float[count][pixels];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < pixels; p++) {
                inputs[i][p] = (split.pixels()[i * pixels + p] & 0xff) / 255f;
            }
        }
        return inputs;
    }

    static byte[] greys(LabeledImages split, int index) {
        int pixels = split.pixelsPerImage();
        return Arrays.copyOfRange(split.pixels(), index * pixels, (index + 1) * pixels);
    }
}
