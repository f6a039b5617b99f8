package dev.trainboard.trainer.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's "load a downloaded model with DJL" snippet, verbatim between the markers, so that a test runs it
 * ({@code ReadmeModelExampleTests} checks the README still shows exactly these lines).
 */
final class DownloadedModelExample {

    private DownloadedModelExample() {
    }

    // README model example: begin
    /** The ten class probabilities of one 28x28 image: 784 grey values / 255f, row-major, 0 = background. */
    static float[] classify(Path modelDir, float[] pixels) throws Exception {
        int hidden = JsonMapper.builder().build()
                .readTree(modelDir.resolve("model.json").toFile()).at("/architecture/hidden").asInt();
        Block block = new SequentialBlock() // the trainer's network: 784 -> hidden, ReLU -> 10
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("mnist", Device.cpu())) {
            model.setBlock(block);
            model.load(modelDir, "mnist"); // reads mnist-0000.params
            try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                    Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
                NDArray image = manager.create(pixels, new Shape(1, 784));
                try (NDList output = predictor.predict(new NDList(image))) {
                    return output.singletonOrThrow().softmax(1).toFloatArray();
                }
            }
        }
    }
    // README model example: end
}
