package dev.trainboard.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.gateway.TestTokens;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** No metrics service at all: nothing listens on its port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableMetricsServiceIntegrationTests {

    @DynamicPropertySource
    static void nobodyListens(DynamicPropertyRegistry registry) throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        int closed = freePort;
        registry.add("trainboard.metrics-service.url", () -> "http://127.0.0.1:" + closed);
    }

    @LocalServerPort
    int port;

    @Test
    void everyCallThatNeedsUpstreamAnswers503WithAProblemBody() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest[] requests = {
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
                    .header("Authorization", TestTokens.READER).GET().build(),
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
                    .header("Authorization", TestTokens.SUBMITTER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/sweeps"))
                    .header("Authorization", TestTokens.SUBMITTER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\": \"mnist\", \"grid\": {\"learningRate\": [0.001, 0.01]}}")).build(),
        };
        for (HttpRequest request : requests) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":503", "not reachable");
        }
    }

    @Test
    void healthAndTheApiDescriptionStayOpenAndUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        HttpResponse<String> apiDocs = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("\"/api/jobs\"", "\"/api/sweeps\"", "\"/api/jobs/{id}/stream\"",
                "\"bearer\"");

        HttpResponse<String> swagger = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/swagger-ui/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(swagger.statusCode()).isEqualTo(200);
    }
}
