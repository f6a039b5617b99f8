package dev.trainboard.trainer.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.trainboard.trainer.training.MnistNetwork;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finished models, each loaded once from the artifact store and kept (the least recently used goes first), and
 * the class probabilities they give, on the CPU. Predictions run one at a time: an MLP answers a request in a
 * millisecond or so, and a single lock means a model is never closed on eviction while another thread uses it.
 */
class LoadedModels {

    private final ModelArtifacts artifacts;
    private final JsonMapper json;
    private final int capacity;
    private final Map<UUID, Model> models = new LinkedHashMap<>(16, 0.75f, true);

    LoadedModels(ModelArtifacts artifacts, JsonMapper json, int capacity) {
        this.artifacts = artifacts;
        this.json = json;
        this.capacity = capacity;
    }

    /** The ten class probabilities of each image (784 grey values 0..1 each). */
    synchronized List<float[]> classify(UUID jobId, List<float[]> images) {
        Model model = model(jobId);
        float[] batch = new float[images.size() * DigitImages.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, batch, i * DigitImages.PIXELS, DigitImages.PIXELS);
        }
        try (NDManager scope = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            NDArray input = scope.create(batch, new Shape(images.size(), DigitImages.PIXELS));
            try (NDList output = predictor.predict(new NDList(input))) {
                float[] probabilities = output.singletonOrThrow().softmax(1).toFloatArray();
                return IntStream.range(0, images.size())
                        .mapToObj(i -> Arrays.copyOfRange(probabilities, i * MnistNetwork.CLASSES,
                                (i + 1) * MnistNetwork.CLASSES))
                        .toList();
            }
        } catch (TranslateException e) {
            throw new IllegalStateException("The model of job " + jobId + " could not classify the images", e);
        }
    }

    /** The job's model, loaded if needed; a model whose files have gone (a deleted job) is dropped. */
    private Model model(UUID jobId) {
        Path directory = artifacts.completeModel(jobId).orElse(null);
        if (directory == null) {
            Model gone = models.remove(jobId);
            if (gone != null) {
                gone.close();
            }
            throw new ModelNotFoundException(jobId);
        }
        Model model = models.get(jobId);
        if (model == null) {
            model = load(jobId, directory);
            models.put(jobId, model);
            evictBeyondCapacity();
        }
        return model;
    }

    private Model load(UUID jobId, Path directory) {
        JsonNode architecture = json.readTree(directory.resolve(ModelArtifacts.DESCRIPTION_FILE).toFile())
                .path("architecture");
        int hidden = architecture.path("hidden").asInt(0);
        if (hidden < 1 || architecture.path("input").asInt(0) != DigitImages.PIXELS
                || architecture.path("output").asInt(0) != MnistNetwork.CLASSES) {
            throw new IllegalStateException("The model of job " + jobId + " describes an architecture this "
                    + "service cannot build: " + architecture);
        }
        Model model = Model.newInstance("mnist-" + jobId, Device.cpu());
        try {
            model.setBlock(MnistNetwork.create(hidden));
            model.load(directory, ModelArtifacts.PARAMETERS_PREFIX);
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("Could not read the model of job " + jobId, e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("The model of job " + jobId + " is malformed", e);
        }
    }

    private void evictBeyondCapacity() {
        var eldest = models.entrySet().iterator();
        while (models.size() > capacity && eldest.hasNext()) {
            Model model = eldest.next().getValue();
            eldest.remove();
            model.close();
        }
    }

    @PreDestroy
    synchronized void closeAll() {
        models.values().forEach(Model::close);
        models.clear();
    }
}
