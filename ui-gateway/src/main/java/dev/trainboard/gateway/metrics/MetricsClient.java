package dev.trainboard.gateway.metrics;

import dev.trainboard.gateway.system.MetricsServiceProperties;
import dev.trainboard.gateway.system.UpstreamProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query half of the metrics service's internal API. Bodies pass through as JSON trees: the gateway adds
 * nothing to a metric and should not break when the metrics service adds a field.
 */
@Component
public class MetricsClient {

    private static final String JOB = "/internal/jobs/{id}";

    /** How long an export's first answer may take: the metrics service opens a cursor before it sends a row. */
    private static final Duration EXPORT_HEADERS_TIMEOUT = Duration.ofSeconds(30);

    private final RestClient metricsService;
    private final MetricsServiceProperties properties;
    private final JsonMapper mapper;
    private final HttpClient exports = HttpClient.newHttpClient();

    MetricsClient(RestClient metricsService, MetricsServiceProperties properties, JsonMapper mapper) {
        this.metricsService = metricsService;
        this.properties = properties;
        this.mapper = mapper;
    }

    /** Tags per kind of summary: {@code {scalars: [...], images: [...], ...}}. */
    public JsonNode tags(UUID id) {
        return json(id, "/tags", Map.of(), Map.of());
    }

    /** One tag's scalar points, by step; null arguments are left out ({@code afterStep} null: from the start). */
    public JsonNode scalars(UUID id, String tag, Integer maxPoints, Long afterStep) {
        return scalarRange(id, tag, maxPoints, afterStep, null).getBody();
    }

    /**
     * One tag's scalar points, by step, with the metrics service's headers (the resolution it read at); null
     * arguments are left out ({@code afterStep} null: from the start, {@code beforeStep} null: to the end).
     */
    public ResponseEntity<JsonNode> scalarRange(UUID id, String tag, Integer maxPoints, Long afterStep,
            Long beforeStep) {
        Map<String, Object> query = new HashMap<>();
        query.put("tag", tag);
        query.put("maxPoints", maxPoints);
        query.put("afterStep", afterStep);
        query.put("beforeStep", beforeStep);
        return metricsService.get()
                .uri(uri -> uri(uri, id, "/scalars", Map.of(), query))
                .retrieve()
                .toEntity(JsonNode.class);
    }

    /** A JSON resource of one job; {@code path} may hold placeholders filled from {@code pathVariables}. */
    JsonNode json(UUID id, String path, Map<String, ?> pathVariables, Map<String, ?> query) {
        return metricsService.get()
                .uri(uri -> uri(uri, id, path, pathVariables, query))
                .retrieve()
                .body(JsonNode.class);
    }

    /** A non-JSON resource of one job (a PNG), with the metrics service's content type. */
    ResponseEntity<byte[]> bytes(UUID id, String path, Map<String, ?> pathVariables, Map<String, ?> query) {
        return metricsService.get()
                .uri(uri -> uri(uri, id, path, pathVariables, query))
                .retrieve()
                .toEntity(byte[].class);
    }

    /**
     * A resource of one job whose body is left open for the caller to copy on and close: an export that may be
     * far larger than the gateway's memory and take longer than any read timeout. So it goes through a plain
     * JDK client, whose request timeout ends when the answer's headers arrive. An error answer is read and
     * thrown here, before any byte is passed on.
     */
    HttpResponse<InputStream> open(UUID id, String path, Map<String, ?> query) {
        URI uri = uri(UriComponentsBuilder.fromUri(properties.url()), id, path, Map.of(), query);
        try {
            HttpResponse<InputStream> response = exports.send(HttpRequest.newBuilder(uri).timeout(EXPORT_HEADERS_TIMEOUT)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + properties.internalToken()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                try (InputStream body = response.body()) {
                    throw UpstreamProblemException.of(HttpStatusCode.valueOf(response.statusCode()), body.readAllBytes(),
                            mapper);
                }
            }
            return response;
        } catch (IOException e) {
            throw new ResourceAccessException("The metrics service is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceAccessException("Interrupted while asking the metrics service");
        }
    }

    /** Every value goes in as a URI variable so that it is encoded, never read as part of the template. */
    private static URI uri(UriBuilder uri, UUID id, String path, Map<String, ?> pathVariables,
            Map<String, ?> query) {
        Map<String, Object> variables = new HashMap<>(pathVariables);
        variables.put("id", id);
        uri.path(JOB + path);
        query.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, "{query." + name + "}");
                variables.put("query." + name, value);
            }
        });
        return uri.build(variables);
    }
}
