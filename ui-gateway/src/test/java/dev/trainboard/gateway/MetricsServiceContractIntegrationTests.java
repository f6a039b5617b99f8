package dev.trainboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway against the real metrics service (its jar, a KRaft broker, PostgreSQL): every endpoint's happy path,
 * idempotency, conflicts and unknown jobs as the metrics service really answers them. The test plays the trainer
 * by publishing events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsServiceContractIntegrationTests {

    private static RealMetricsService metrics;

    @DynamicPropertySource
    static void realMetricsService(DynamicPropertyRegistry registry) throws Exception {
        metrics = RealMetricsService.start();
        registry.add("trainboard.metrics-service.url", () -> metrics.url().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (metrics != null) {
            metrics.close();
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.SUBMITTER)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private JsonNode submit(String body, String... headers) throws Exception {
        return ok(send("POST", "/api/jobs", body, headers), 202);
    }

    @Test
    void aSubmittedJobIsQueryableAtOnceWithTheTutorialDefaults() throws Exception {
        HttpResponse<String> response = send("POST", "/api/jobs", "{\"runName\": \"contract-defaults\", \"epochs\": 1}");
        JsonNode job = ok(response, 202);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/api/jobs/" + job.path("id").asString());

        JsonNode read = ok(send("GET", URI.create(location).getPath(), null), 200);
        assertThat(read.path("status").asString()).isEqualTo("QUEUED");
        assertThat(read.path("runName").asString()).isEqualTo("contract-defaults");
        JsonNode spec = read.path("spec");
        assertThat(spec.path("epochs").asInt()).isEqualTo(1);
        assertThat(spec.path("batchSize").asInt()).isEqualTo(100);
        assertThat(spec.path("learningRate").asDouble()).isEqualTo(0.001);
        assertThat(spec.path("hiddenSize").asInt()).isEqualTo(500);
        assertThat(spec.path("optimizer").asString()).isEqualTo("adam");
        assertThat(spec.path("dataset").asString()).isEqualTo("mnist");

        JsonNode page = ok(send("GET", "/api/jobs?status=QUEUED&size=100", null), 200);
        assertThat(page.path("items").findValuesAsString("id")).contains(job.path("id").asString());
    }

    @Test
    void aRetriedSubmissionWithTheSameIdempotencyKeyReturnsTheSameJob() throws Exception {
        JsonNode first = submit("{}", "Idempotency-Key", "contract-retry-1");
        JsonNode retried = submit("{}", "Idempotency-Key", "contract-retry-1");
        JsonNode other = submit("{}", "Idempotency-Key", "contract-retry-2");

        assertThat(retried.path("id").asString()).isEqualTo(first.path("id").asString());
        assertThat(retried.path("runName").asString()).isEqualTo(first.path("runName").asString());
        assertThat(other.path("id").asString()).isNotEqualTo(first.path("id").asString());
    }

    @Test
    void aTakenRunNameIsAConflictProblem() throws Exception {
        submit("{\"runName\": \"contract-taken\"}");
        HttpResponse<String> again = send("POST", "/api/jobs", "{\"runName\": \"contract-taken\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aSweepOfTwoLearningRatesCreatesTwoJobsWithDistinctRunNames() throws Exception {
        JsonNode derived = ok(send("POST", "/api/sweeps",
                "{\"name\": \"contract-lr\", \"grid\": {\"learningRate\": [0.001, 0.01]}}"), 202);
        JsonNode explicit = ok(send("POST", "/api/sweeps", """
                {"name": "contract-tutorial", "grid": {"learningRate": [0.001, 0.01]},
                 "runNames": ["mnist1", "mnist2"]}"""), 202);

        JsonNode listed = ok(send("GET", "/api/jobs?sweep=contract-lr", null), 200);
        assertThat(listed.path("total").asLong()).isEqualTo(2);
        assertThat(runNames(listed)).containsExactlyInAnyOrder("contract-lr-lr0.001", "contract-lr-lr0.01");
        assertThat(derived.path("jobs").findValuesAsString("id")).doesNotHaveDuplicates().hasSize(2);
        List<Double> rates = new ArrayList<>();
        listed.path("items").forEach(item -> rates.add(item.path("spec").path("learningRate").asDouble()));
        assertThat(rates).containsExactlyInAnyOrder(0.001, 0.01);

        JsonNode tutorial = ok(send("GET", "/api/jobs?sweep=contract-tutorial", null), 200);
        assertThat(runNames(tutorial)).containsExactlyInAnyOrder("mnist1", "mnist2");
        assertThat(explicit.path("sweep").asString()).isEqualTo("contract-tutorial");
    }

    @Test
    void aSweepWhoseSecondRunNameIsTakenCreatesNoJobAtAll() throws Exception {
        submit("{\"runName\": \"contract-aon-taken\"}");

        HttpResponse<String> response = send("POST", "/api/sweeps", """
                {"name": "contract-aon", "grid": {"learningRate": [0.001, 0.01, 0.1]},
                 "runNames": ["contract-aon-free", "contract-aon-taken", "contract-aon-free-too"]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("contract-aon-taken");
        assertThat(ok(send("GET", "/api/jobs?sweep=contract-aon", null), 200).path("total").asLong()).isZero();
        assertThat(runNames(ok(send("GET", "/api/jobs?size=100", null), 200)))
                .doesNotContain("contract-aon-free", "contract-aon-free-too");
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherBodyIsUnprocessableAndCreatesNothing() throws Exception {
        JsonNode first = submit("{\"runName\": \"contract-reuse\", \"epochs\": 1}", "Idempotency-Key", "reuse-1");

        HttpResponse<String> other = send("POST", "/api/jobs", "{\"runName\": \"contract-reuse-other\", \"epochs\": 1}",
                "Idempotency-Key", "reuse-1");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(other.body()).path("title").asString()).isEqualTo("Idempotency key reused");
        assertThat(json.readTree(other.body()).path("detail").asString()).contains("reuse-1");
        assertThat(submit("{\"runName\": \"contract-reuse\", \"epochs\": 1}", "Idempotency-Key", "reuse-1")
                .path("id").asString()).isEqualTo(first.path("id").asString());

        String sweep = "{\"name\": \"contract-reuse-sweep\", \"grid\": {\"learningRate\": [0.001, 0.01]}}";
        JsonNode created = ok(send("POST", "/api/sweeps", sweep, "Idempotency-Key", "reuse-2"), 202);
        JsonNode retried = ok(send("POST", "/api/sweeps", sweep, "Idempotency-Key", "reuse-2"), 202);
        assertThat(retried.path("jobs").findValuesAsString("id"))
                .containsExactlyElementsOf(created.path("jobs").findValuesAsString("id"));
        for (String changed : new String[] {
                "{\"name\": \"contract-reuse-sweep\", \"grid\": {\"learningRate\": [0.001, 0.1]}}",
                "{\"name\": \"contract-reuse-sweep\", \"grid\": {\"learningRate\": [0.001]}}",
                "{\"name\": \"contract-reuse-sweep\", \"grid\": {\"learningRate\": [0.001, 0.01, 0.1]}}"}) {
            HttpResponse<String> refused = send("POST", "/api/sweeps", changed, "Idempotency-Key", "reuse-2");
            assertThat(refused.statusCode()).as(changed + ": " + refused.body()).isEqualTo(422);
        }
        assertThat(ok(send("GET", "/api/jobs?sweep=contract-reuse-sweep", null), 200).path("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void theMetricsServiceRefusesTheInternalApiWithoutTheToken() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(metrics.url().resolve("/internal/jobs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(metrics.url().resolve("/internal/jobs"))
                .header("Authorization", "Bearer " + RealMetricsService.INTERNAL_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownJobIsNotFoundOnEveryEndpoint() throws Exception {
        String unknown = "/api/jobs/" + UUID.randomUUID();
        for (String path : new String[] {"", "/tags", "/scalars?tag=loss", "/scalars.csv", "/images/x/0", "/graph",
                "/histograms", "/pr-curves", "/texts", "/hparams", "/checkpoints", "/stream"}) {
            HttpResponse<String> response = send("GET", unknown + path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
        }
        assertThat(send("DELETE", unknown, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aJobsMetricsStreamLiveAndCanBeQueriedAfterwards() throws Exception {
        JsonNode job = submit("{\"runName\": \"contract-live\", \"epochs\": 1}");
        UUID id = UUID.fromString(job.path("id").asString());
        String path = "/api/jobs/" + id;

        ok(send("DELETE", path, null), 202);
        metrics.publish(id, 1, JobStatusChanged.running("cpu", "test-host"));
        metrics.publish(id, 1, new ProgressReported(0, 1, 100, 600, 1500.0, 2.5, 0.9));
        metrics.publish(id, 1, scalars(100, 0.9, 0.7));
        await().atMost(Duration.ofSeconds(60)).until(
                () -> ok(send("GET", path, null), 200).path("status").asString().equals("RUNNING"));

        CompletableFuture<List<String[]>> stream = CompletableFuture.supplyAsync(() -> readStream(path + "/stream"));
        byte[] png = png();
        metrics.publish(id, 1, scalars(200, 0.5, 0.85));
        metrics.publish(id, 1, new ImageLogged("batch_grid", 0, 1.7e9, 2, 2, 3, png));
        metrics.publish(id, 1, new GraphLogged(List.of(
                new GraphNode("input", "IO Node", List.of(), List.of(-1L, 784L), Map.of()),
                new GraphNode("Net/Linear[fc1]", "aten::linear", List.of("input"), List.of(-1L, 500L), Map.of()))));
        metrics.publish(id, 1, new HParamsLogged(Map.of("lr", 0.001, "optimizer", "adam"),
                Map.of("test accuracy", 0.9), "SUCCESS"));
        metrics.publish(id, 1, new CheckpointSaved(200, 1, id + "/model", true, 1_600_000));
        metrics.publish(id, 1, JobStatusChanged.succeeded(Map.of("test accuracy", 0.9)));

        List<String[]> events = stream.get(90, TimeUnit.SECONDS);
        List<String> names = events.stream().map(event -> event[0]).toList();
        assertThat(names).contains("status", "scalars").endsWith("end");
        assertThat(json.readTree(events.get(events.size() - 1)[1]).path("status").asString()).isEqualTo("SUCCEEDED");
        Set<String> streamedPoints = new HashSet<>();
        events.stream().filter(event -> event[0].equals("scalars")).forEach(event -> json.readTree(event[1])
                .forEach(point -> assertThat(streamedPoints.add(point.path("tag").asString() + "@"
                        + point.path("step").asLong())).as("each point once").isTrue()));
        assertThat(streamedPoints).contains("training loss@100", "training loss@200", "accuracy@100", "accuracy@200");

        JsonNode loss = ok(send("GET", path + "/scalars?tag=" + encode("training loss"), null), 200);
        assertThat(loss.findValues("step")).extracting(JsonNode::asLong).containsExactly(100L, 200L);
        assertThat(ok(send("GET", path + "/scalars?tag=accuracy&afterStep=100", null), 200).findValues("value"))
                .extracting(JsonNode::asDouble).containsExactly(0.85);
        HttpResponse<String> csv = send("GET", path + "/scalars.csv?tag=accuracy", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(3).first().isEqualTo("tag,step,wall_time,value");
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path + "/images/batch_grid/0"))
                .header("Authorization", TestTokens.READER).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).isEqualTo(png);
        assertThat(ok(send("GET", path + "/graph", null), 200).path("nodes").findValuesAsString("name"))
                .containsExactly("input", "Net/Linear[fc1]");
        assertThat(ok(send("GET", path + "/tags", null), 200).path("scalars").valueStream().map(JsonNode::asString))
                .contains("training loss", "accuracy");
        assertThat(ok(send("GET", path + "/hparams", null), 200).path("hparams").path("optimizer").asString())
                .isEqualTo("adam");
        assertThat(ok(send("GET", path + "/histograms", null), 200).isArray()).isTrue();
        assertThat(ok(send("GET", path + "/pr-curves", null), 200).isArray()).isTrue();
        assertThat(ok(send("GET", path + "/texts", null), 200).isArray()).isTrue();
        assertThat(ok(send("GET", path + "/checkpoints", null), 200).findValuesAsString("path"))
                .containsExactly(id + "/model");

        JsonNode finished = ok(send("GET", path, null), 200);
        assertThat(finished.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(finished.path("finalMetrics").path("test accuracy").asDouble()).isEqualTo(0.9);
        // A finished job is deleted, not cancelled: it is gone from every endpoint.
        assertThat(send("DELETE", path, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", path, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", path + "/scalars?tag=accuracy", null).statusCode()).isEqualTo(404);
    }

    private static List<String> runNames(JsonNode page) {
        return page.path("items").valueStream().map(item -> item.path("runName").asString()).toList();
    }

    private static ScalarsLogged scalars(long step, double loss, double accuracy) {
        double now = System.currentTimeMillis() / 1000.0;
        return new ScalarsLogged(List.of(new ScalarPoint("training loss", step, now, loss),
                new ScalarPoint("accuracy", step, now, accuracy)));
    }

    /** Reads a server-sent event stream to its end: [event name, data] pairs. */
    private List<String[]> readStream(String path) {
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).header("Authorization", TestTokens.READER)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String[]> events = new ArrayList<>();
            String[] current = {null, ""};
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event:")) {
                    current[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    current[1] = current[1] + line.substring(5);
                } else if (line.isEmpty() && current[0] != null) {
                    events.add(current.clone());
                    current[0] = null;
                    current[1] = "";
                }
            }
            return events;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
