package dev.trainboard.gateway.metrics;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The query half of the metrics service's internal API. Bodies pass through as JSON trees: the gateway adds
 * nothing to a metric and should not break when the metrics service adds a field.
 */
@Component
public class MetricsClient {

    private static final String JOB = "/internal/jobs/{id}";

    private final RestClient metricsService;

    MetricsClient(RestClient metricsService) {
        this.metricsService = metricsService;
    }

    /** Tags per kind of summary: {@code {scalars: [...], images: [...], ...}}. */
    public JsonNode tags(UUID id) {
        return json(id, "/tags", Map.of(), Map.of());
    }

    /** One tag's scalar points, by step; null arguments are left out ({@code afterStep} null: from the start). */
    public JsonNode scalars(UUID id, String tag, Integer maxPoints, Long afterStep) {
        Map<String, Object> query = new HashMap<>();
        query.put("tag", tag);
        query.put("maxPoints", maxPoints);
        query.put("afterStep", afterStep);
        return json(id, "/scalars", Map.of(), query);
    }

    /** A JSON resource of one job; {@code path} may hold placeholders filled from {@code pathVariables}. */
    JsonNode json(UUID id, String path, Map<String, ?> pathVariables, Map<String, ?> query) {
        return metricsService.get()
                .uri(uri -> uri(uri, id, path, pathVariables, query))
                .retrieve()
                .body(JsonNode.class);
    }

    /** A non-JSON resource of one job (CSV, PNG), with the metrics service's content type. */
    ResponseEntity<byte[]> bytes(UUID id, String path, Map<String, ?> pathVariables, Map<String, ?> query) {
        return metricsService.get()
                .uri(uri -> uri(uri, id, path, pathVariables, query))
                .retrieve()
                .toEntity(byte[].class);
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
