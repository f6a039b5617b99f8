package dev.trainboard.e2e;

import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventJson;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public REST API as a user reaches it: through the gateway, with a bearer token. */
final class GatewayClient {

    /** The answer of {@code POST /api/sweeps}. */
    record SweepAnswer(String sweep, List<JobView> jobs) {
    }

    private static final JsonMapper JSON = EventJson.mapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    GatewayClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    SweepAnswer submitSweep(Map<String, Object> body) throws IOException, InterruptedException {
        return JSON.readValue(send("POST", "/api/sweeps", JSON.writeValueAsString(body), 202), SweepAnswer.class);
    }

    JobView submitJob(Map<String, Object> body) throws IOException, InterruptedException {
        return JSON.readValue(send("POST", "/api/jobs", JSON.writeValueAsString(body), 202), JobView.class);
    }

    /** {@code GET /api/jobs/{id}/checkpoints}: the job's checkpoints by step, then its final model. */
    JsonNode checkpoints(UUID id) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/jobs/" + id + "/checkpoints", null, 200));
    }

    JobView job(UUID id) throws IOException, InterruptedException {
        return JSON.readValue(send("GET", "/api/jobs/" + id, null, 200), JobView.class);
    }

    /** Polls every second until each job has ended; its final view by run name, in the order given. */
    Map<String, JobView> awaitEnded(List<JobView> jobs, Duration atMost) {
        Map<String, JobView> ended = new LinkedHashMap<>();
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JobView job : jobs) {
                ended.put(job.runName(), job(job.id()));
            }
            return ended.values().stream().allMatch(job -> job.status().isTerminal());
        });
        return ended;
    }

    JobPage jobsOfSweep(String sweep) throws IOException, InterruptedException {
        return JSON.readValue(send("GET", "/api/jobs?size=100&sweep=" + encode(sweep), null, 200), JobPage.class);
    }

    List<ScalarPoint> scalars(UUID id, String tag) throws IOException, InterruptedException {
        return JSON.readValue(send("GET", "/api/jobs/" + id + "/scalars?tag=" + encode(tag), null, 200),
                new TypeReference<List<ScalarPoint>>() { });
    }

    private String send(String method, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                    + " instead of " + expectedStatus + ": " + response.body());
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
