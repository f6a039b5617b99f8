package dev.trainboard.trainer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.FakeJobRegistry;
import dev.trainboard.trainer.MnistTestData;
import dev.trainboard.trainer.data.TrainingData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The internal model API on a real engine: a model written to the artifact store as the store's layout says is
 * downloaded, loaded as the README shows, and gives the answers the predict endpoint gives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "trainboard.trainer.fashion-mnist-system-dir=/nonexistent/fashion-mnist",
    "trainboard.models.max-images=16",
    "trainboard.models.cached-models=1"})
@EmbeddedKafka(topics = {Topics.JOBS, Topics.CONTROL, Topics.EVENTS}, partitions = 1)
class ModelServingIntegrationTests {

    private static final int DIGITS = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path ARTIFACTS = temporaryDirectory();
    private static TrainingData mnist;
    private static UUID trained;
    private static UUID other;

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("trainboard.artifacts.root", ARTIFACTS::toString);
        registry.add("trainboard.trainer.data-dir", () -> MnistTestData.dataDir().toString());
    }

    /** Takes the engine so that the models are trained on the engine as the service started it. */
    @BeforeAll
    static void models(@Autowired Engine pyTorchEngine) throws IOException {
        mnist = MnistTestData.load(6000, DIGITS);
        JobSpec spec = MnistTestData.slice("served", 1, 6000, DIGITS, 100, 10);
        trained = UUID.randomUUID();
        FinalModels.write(ARTIFACTS, trained, spec, mnist.train(), 60, 0.9);
        other = UUID.randomUUID();
        FinalModels.write(ARTIFACTS, other, MnistTestData.slice("other", 1, 200, DIGITS, 100, 10), mnist.train(), 2,
                0.5);
    }

    @Test
    void theDownloadedModelClassifiesTenTestDigitsAsTheServiceDoes() throws Exception {
        HttpResponse<byte[]> download = get("/internal/jobs/" + trained + "/model");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        Path unzipped = unzip(download.body());
        assertThat(Files.list(unzipped).map(file -> file.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("mnist-0000.params", "model.json");
        JsonNode description = JSON.readTree(unzipped.resolve("model.json").toFile());
        assertThat(description.at("/spec/runName").asString()).isEqualTo("served");

        float[][] inputs = FinalModels.inputs(mnist.test(), DIGITS);
        List<float[]> batch = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            float[] local = DownloadedModelExample.classify(unzipped, inputs[i]);
            HttpResponse<byte[]> answer = post("/internal/jobs/" + trained + "/predict", "image/png",
                    Pngs.grey(FinalModels.greys(mnist.test(), i), 28, 28));
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode prediction = JSON.readTree(answer.body()).path("predictions").get(0);
            float[] served = floats(prediction.path("probabilities"));
            assertThat(served).containsExactly(local, within(1e-6f));
            assertThat(prediction.path("digit").asInt()).isEqualTo(argmax(local));
            correct += argmax(local) == mnist.test().labels()[i] ? 1 : 0;
            batch.add(inputs[i]);
        }
        // 6,000 images once over reach about 90 % on the test set; an untrained network gets about one in ten.
        assertThat(correct).isGreaterThanOrEqualTo(8);

        HttpResponse<byte[]> batchAnswer = post("/internal/jobs/" + trained + "/predict", "application/json",
                JSON.writeValueAsBytes(java.util.Map.of("images", batch)));
        assertThat(batchAnswer.statusCode()).isEqualTo(200);
        JsonNode predictions = JSON.readTree(batchAnswer.body()).path("predictions");
        assertThat(predictions.size()).isEqualTo(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            float[] probabilities = floats(predictions.get(i).path("probabilities"));
            assertThat(probabilities).containsExactly(DownloadedModelExample.classify(unzipped, inputs[i]),
                    within(1e-5f));
            double sum = 0;
            for (float p : probabilities) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void eachJobIsAnsweredByItsOwnModelThroughTheCache() throws Exception {
        byte[] png = Pngs.grey(FinalModels.greys(mnist.test(), 0), 28, 28);
        Set<String> answers = new HashSet<>();
        // The cache holds one model here, so each request after the first loads the other job's model again.
        for (UUID job : List.of(trained, other, trained, other)) {
            answers.add(job + " " + JSON.readTree(post("/internal/jobs/" + job + "/predict", "image/png", png).body())
                    .path("predictions").get(0).path("probabilities"));
        }
        assertThat(answers).hasSize(2);
    }

    @Test
    void theModelApiNeedsTheInternalToken() throws Exception {
        HttpResponse<byte[]> anonymous = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/internal/jobs/" + UUID.randomUUID() + "/model")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertProblem(get("/internal/jobs/" + UUID.randomUUID() + "/model"), 404, "No model");
    }

    @Test
    void aModelWithoutItsCompletionMarkDoesNotExist() throws Exception {
        UUID torn = UUID.randomUUID();
        Path directory = FinalModels.write(ARTIFACTS, torn, MnistTestData.slice("torn", 1, 200, DIGITS, 100, 10),
                mnist.train(), 1, 0.1);
        Files.delete(directory.resolve("COMPLETE"));

        assertProblem(get("/internal/jobs/" + torn + "/model"), 404, "No model");
        assertProblem(post("/internal/jobs/" + torn + "/predict", "image/png",
                Pngs.grey(new byte[784], 28, 28)), 404, "No model");
        assertProblem(get("/internal/jobs/" + UUID.randomUUID() + "/model"), 404, "No model");
    }

    @Test
    void aDeletedModelIsNoLongerServedFromTheCache() throws Exception {
        UUID deleted = UUID.randomUUID();
        Path directory = FinalModels.write(ARTIFACTS, deleted, MnistTestData.slice("gone", 1, 200, DIGITS, 100, 10),
                mnist.train(), 1, 0.1);
        byte[] png = Pngs.grey(new byte[784], 28, 28);
        assertThat(post("/internal/jobs/" + deleted + "/predict", "image/png", png).statusCode()).isEqualTo(200);

        FileSystemUtils.deleteRecursively(directory.getParent());

        assertProblem(post("/internal/jobs/" + deleted + "/predict", "image/png", png), 404, "No model");
    }

    @Test
    void badInputGetsAProblemThatSaysWhatToSend() throws Exception {
        String predict = "/internal/jobs/" + trained + "/predict";
        assertProblem(post(predict, "image/png", Pngs.grey(new byte[32 * 32], 32, 32)), 400, "Wrong image size");
        assertProblem(post(predict, "image/png", "not an image".getBytes()), 400, "Not a PNG");
        byte[] truncated = java.util.Arrays.copyOf(Pngs.grey(FinalModels.greys(mnist.test(), 0), 28, 28), 40);
        assertProblem(post(predict, "image/png", truncated), 400, "Unreadable PNG");
        java.awt.image.BufferedImage red = new java.awt.image.BufferedImage(28, 28,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        red.setRGB(3, 4, 0xff0000);
        assertProblem(post(predict, "image/png", Pngs.encode(red)), 400, "Not grayscale-convertible");
        assertProblem(post(predict, "text/plain", "7".getBytes()), 415, null);
        assertProblem(post(predict, "application/json", "{\"images\": [".getBytes()), 400, null);
        assertProblem(post(predict, "application/json", "{}".getBytes()), 400, "No images");
        assertProblem(post(predict, "application/json",
                JSON.writeValueAsBytes(java.util.Map.of("images", Collections.nCopies(17, new float[784])))), 400,
                "Too many images");
        assertProblem(post(predict, "application/json",
                JSON.writeValueAsBytes(java.util.Map.of("images", List.of(new float[783])))), 400,
                "Wrong image size");
        float[] bright = new float[784];
        bright[5] = 255;
        assertProblem(post(predict, "application/json",
                JSON.writeValueAsBytes(java.util.Map.of("images", List.of(bright)))), 400, "Wrong value");
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status, String title) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        if (title != null) {
            assertThat(problem.path("title").asString()).isEqualTo(title);
        }
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + FakeJobRegistry.TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + FakeJobRegistry.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("trainer-artifacts");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path unzip(byte[] zip) throws IOException {
        Path directory = Files.createTempDirectory("downloaded-model");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Files.copy(in, directory.resolve(entry.getName()));
            }
        }
        return directory;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }
}
