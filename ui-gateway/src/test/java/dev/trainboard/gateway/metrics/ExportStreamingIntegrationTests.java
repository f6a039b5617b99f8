package dev.trainboard.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.gateway.ScriptedMetricsService;
import dev.trainboard.gateway.ScriptedMetricsService.Trickle;
import dev.trainboard.gateway.TestTokens;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The CSV export passes through the gateway as it arrives: the gateway never waits for the whole body. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExportStreamingIntegrationTests {

    private static final String JOB = "77777777-7777-7777-7777-777777777777";
    private static final CountDownLatch REST_OF_EXPORT = new CountDownLatch(1);
    private static final String FIRST = "tag,step,wall_time,value\nloss,0,1.0,0.5\n";
    private static final String REST = "loss,1,2.0,0.25\n";

    static final ScriptedMetricsService METRICS = ScriptedMetricsService.start(Map.of(
            Pattern.compile("/internal/jobs/" + JOB + "/scalars.csv"),
            new Trickle("text/csv", FIRST, REST_OF_EXPORT, REST)));

    @DynamicPropertySource
    static void metricsService(DynamicPropertyRegistry registry) {
        registry.add("trainboard.metrics-service.url", () -> METRICS.url().toString());
    }

    @AfterAll
    static void stop() {
        REST_OF_EXPORT.countDown();
        METRICS.close();
    }

    @LocalServerPort
    int port;

    @Test
    void theFirstRowsReachTheClientWhileTheMetricsServiceIsStillSending() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs/" + JOB
                + "/scalars.csv?tag=loss")).header("Authorization", TestTokens.READER).build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv"));
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(body.readLine()).isEqualTo("tag,step,wall_time,value");
            assertThat(body.readLine()).isEqualTo("loss,0,1.0,0.5");
            assertThat(REST_OF_EXPORT.getCount()).as("the metrics service still holds the rest back").isEqualTo(1);
            REST_OF_EXPORT.countDown();
            assertThat(body.readLine()).isEqualTo("loss,1,2.0,0.25");
            assertThat(body.readLine()).isNull();
        }
        assertThat(METRICS.requests()).containsExactly("GET /internal/jobs/" + JOB + "/scalars.csv?tag=loss");
    }
}
