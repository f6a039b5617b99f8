package dev.trainboard.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.gateway.ScriptedMetricsService;
import dev.trainboard.gateway.ScriptedMetricsService.Drop;
import dev.trainboard.gateway.ScriptedMetricsService.Stall;
import dev.trainboard.gateway.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway in front of a metrics service that refuses, fails, crashes or stalls. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.http.clients.read-timeout=1s")
class UpstreamFailureIntegrationTests {

    private static final String UNKNOWN = "11111111-1111-1111-1111-111111111111";
    private static final String TAKEN = "22222222-2222-2222-2222-222222222222";
    private static final String BROKEN = "33333333-3333-3333-3333-333333333333";
    private static final String CRASHING = "44444444-4444-4444-4444-444444444444";
    private static final String STALLING = "55555555-5555-5555-5555-555555555555";
    private static final String DOWN_FOR_MAINTENANCE = "66666666-6666-6666-6666-666666666666";

    static final ScriptedMetricsService METRICS = ScriptedMetricsService.start(script());

    private static Map<Pattern, ScriptedMetricsService.Reply> script() {
        Map<Pattern, ScriptedMetricsService.Reply> script = new LinkedHashMap<>();
        script.put(Pattern.compile("/internal/jobs/" + TAKEN),
                ScriptedMetricsService.problem(409, "The job is changing state"));
        script.put(Pattern.compile("/internal/jobs"), ScriptedMetricsService.problem(409, "Run name mnist1 is taken"));
        script.put(Pattern.compile("/internal/jobs/" + BROKEN + ".*"),
                new ScriptedMetricsService.Answer(500, "text/html", "<h1>oops</h1>"));
        script.put(Pattern.compile("/internal/jobs/" + CRASHING + ".*"), new Drop());
        script.put(Pattern.compile("/internal/jobs/" + STALLING + ".*"), new Stall(3_000));
        script.put(Pattern.compile("/internal/jobs/" + DOWN_FOR_MAINTENANCE + ".*"),
                ScriptedMetricsService.problem(503, "Starting up"));
        return script;
    }

    @DynamicPropertySource
    static void metricsService(DynamicPropertyRegistry registry) {
        registry.add("trainboard.metrics-service.url", () -> METRICS.url().toString());
    }

    @AfterAll
    static void stop() {
        METRICS.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.SUBMITTER)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, int status, String detailPart) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).contains(detailPart);
    }

    @Test
    void anUnknownJobIsA404ProblemEverywhere() throws Exception {
        for (String path : new String[] {"", "/scalars?tag=loss", "/scalars.csv", "/images/batch/0", "/graph",
                "/histograms", "/pr-curves", "/texts", "/hparams", "/tags", "/stream"}) {
            assertProblem(call("GET", "/api/jobs/" + UNKNOWN + path, null), 404, "No such job");
        }
        assertProblem(call("DELETE", "/api/jobs/" + UNKNOWN, null), 404, "No such job");
    }

    @Test
    void conflictsArePassedOn() throws Exception {
        assertProblem(call("POST", "/api/jobs", "{\"runName\": \"mnist1\"}"), 409, "Run name mnist1 is taken");
        assertProblem(call("DELETE", "/api/jobs/" + TAKEN, null), 409, "The job is changing state");
    }

    @Test
    void anUpstreamFailureIsABadGatewayNotAStackTrace() throws Exception {
        HttpResponse<String> response = call("GET", "/api/jobs/" + BROKEN, null);
        assertProblem(response, 502, "failed");
        assertThat(response.body()).doesNotContain("Exception", "oops");
    }

    @Test
    void anUnreachableCrashingOrStallingUpstreamIs503() throws Exception {
        HttpResponse<String> crashed = call("GET", "/api/jobs/" + CRASHING, null);
        assertProblem(crashed, 503, "not reachable");
        assertThat(crashed.headers().firstValue("Retry-After")).hasValue("5");
        assertProblem(call("GET", "/api/jobs/" + STALLING + "/graph", null), 503, "not reachable");
        assertProblem(call("GET", "/api/jobs/" + DOWN_FOR_MAINTENANCE, null), 503, "not reachable");
    }
}
