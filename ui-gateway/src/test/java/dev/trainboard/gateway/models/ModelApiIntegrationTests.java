package dev.trainboard.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.gateway.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public model API against a stand-in trainer: what is forwarded, what comes back, who may call. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelApiIntegrationTests {

    private static final StubTrainerService TRAINER = new StubTrainerService();
    private static final UUID JOB = UUID.fromString("0b5d8a52-7c1e-4d3a-9f7a-1a2b3c4d5e6f");
    private static final UUID BROKEN = UUID.fromString("33333333-3333-3333-3333-333333333333");
    private static final String PREDICTIONS = "{\"predictions\":[{\"digit\":7,\"probabilities\":"
            + "[0.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0,0.0,0.0]}]}";

    @DynamicPropertySource
    static void trainer(DynamicPropertyRegistry registry) {
        TRAINER.answer("/internal/jobs/" + JOB + "/model", new StubTrainerService.Answer(200, "application/zip",
                new byte[] {'P', 'K', 3, 4, 1, 2}, Map.of("Content-Disposition", "attachment; filename=\"m.zip\"")));
        TRAINER.answer("/internal/jobs/" + JOB + "/predict", new StubTrainerService.Answer(200, "application/json",
                PREDICTIONS.getBytes(StandardCharsets.UTF_8), Map.of()));
        TRAINER.answer("/internal/jobs/" + BROKEN + "/predict", new StubTrainerService.Answer(500, "text/html",
                "<h1>java.lang.IllegalStateException</h1>".getBytes(StandardCharsets.UTF_8), Map.of()));
        registry.add("trainboard.trainer-service.url", () -> TRAINER.url().toString());
    }

    @AfterAll
    static void stop() {
        TRAINER.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theModelDownloadsAsAZipWithTheReaderToken() throws Exception {
        HttpResponse<byte[]> response = http.send(request("/api/jobs/" + JOB + "/model", TestTokens.READER).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"m.zip\"");
        assertThat(response.body()).containsExactly('P', 'K', 3, 4, 1, 2);
    }

    @Test
    void aPngAndAJsonBatchAreForwardedAsTheyCameWithTheReaderToken() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1};
        HttpResponse<String> fromPng = predict(JOB, "image/png", png, TestTokens.READER);
        String batch = "{\"images\": [[0.5]]}";
        HttpResponse<String> fromJson = predict(JOB, "application/json", batch.getBytes(StandardCharsets.UTF_8),
                TestTokens.READER);

        assertThat(fromPng.statusCode()).isEqualTo(200);
        assertThat(json.readTree(fromPng.body())).isEqualTo(json.readTree(PREDICTIONS));
        assertThat(fromJson.statusCode()).isEqualTo(200);
        var forwarded = TRAINER.received().stream()
                .filter(request -> request.path().equals("/internal/jobs/" + JOB + "/predict")).toList();
        assertThat(forwarded).hasSize(2);
        assertThat(forwarded.get(0).contentType()).isEqualTo("image/png");
        assertThat(forwarded.get(0).body()).isEqualTo(png);
        assertThat(forwarded.get(1).contentType()).startsWith("application/json");
        assertThat(new String(forwarded.get(1).body(), StandardCharsets.UTF_8)).isEqualTo(batch);
    }

    @Test
    void theTrainersAnswersAndSilenceBecomeProblems() throws Exception {
        UUID noModel = UUID.randomUUID();
        assertProblem(predict(noModel, "image/png", new byte[] {1}, TestTokens.READER), 404, "Job has no model");
        HttpResponse<String> download = http.send(request("/api/jobs/" + noModel + "/model", TestTokens.READER)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(download, 404, "Job has no model");

        HttpResponse<String> failed = predict(BROKEN, "image/png", new byte[] {1}, TestTokens.READER);
        assertProblem(failed, 502, "trainer service failed");
        assertThat(failed.body()).doesNotContain("IllegalStateException");
    }

    @Test
    void otherTypesNoTokenAndOversizedBodiesNeverReachTheTrainer() throws Exception {
        int before = TRAINER.received().size();

        assertProblem(predict(JOB, "text/plain", "seven".getBytes(StandardCharsets.UTF_8), TestTokens.READER), 415,
                null);
        assertThat(predict(JOB, "image/png", new byte[] {1}, null).statusCode()).isEqualTo(401);
        assertProblem(predict(JOB, "application/json", new byte[1024 * 1024 + 1], TestTokens.READER), 413, null);

        assertThat(TRAINER.received()).hasSize(before);
        // A reader may predict, but the predict rule opens no other POST.
        HttpResponse<String> submit = http.send(request("/api/jobs", TestTokens.READER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submit.statusCode()).isEqualTo(403);
    }

    @Test
    void aBatchLargerThanTheSpecLimitIsAccepted() throws Exception {
        byte[] batch = ("{\"images\": [[" + "0.003921569,".repeat(10_000) + "0]]}").getBytes(StandardCharsets.UTF_8);

        assertThat(predict(JOB, "application/json", batch, TestTokens.READER).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> predict(UUID job, String contentType, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = request("/api/jobs/" + job + "/predict", token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        return token == null ? request : request.header("Authorization", token);
    }

    private void assertProblem(HttpResponse<String> response, int status, String detailPart) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        if (detailPart != null) {
            assertThat(problem.path("detail").asString()).contains(detailPart);
        }
    }
}
