package dev.trainboard.metrics.support;

import dev.trainboard.events.EventJson;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** A plain HTTP client for the service under test; error statuses come back as responses, not exceptions. */
public final class Api {

    /** The internal token of the {@code test} profile (application-test.yml). */
    public static final String INTERNAL_TOKEN = "test-internal-token";

    private final RestClient client;

    /** A client that sends the test profile's internal token, as the gateway and the trainers do. */
    public Api(int port) {
        this(port, INTERNAL_TOKEN);
    }

    /** A client that sends the given bearer token, or none when it is null. */
    public Api(int port, String token) {
        RestClient.Builder builder = RestClient.builder().baseUrl("http://localhost:" + port);
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        this.client = builder
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                })
                .build();
    }

    public ResponseEntity<String> get(String path) {
        return client.get().uri(path).retrieve().toEntity(String.class);
    }

    public ResponseEntity<byte[]> getBytes(String path) {
        return client.get().uri(path).retrieve().toEntity(byte[].class);
    }

    public ResponseEntity<String> post(String path, Object body) {
        RestClient.RequestBodySpec request = client.post().uri(path);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(EventJson.mapper().writeValueAsString(body));
        }
        return request.retrieve().toEntity(String.class);
    }

    /** Posts a JSON body as it is, for bodies the records cannot express. */
    public ResponseEntity<String> postJson(String path, String json) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
                .toEntity(String.class);
    }

    public ResponseEntity<String> delete(String path) {
        return client.delete().uri(path).retrieve().toEntity(String.class);
    }

    public static JsonNode json(ResponseEntity<String> response) {
        return EventJson.mapper().readTree(response.getBody());
    }

    public static <T> T read(ResponseEntity<String> response, Class<T> type) {
        return EventJson.mapper().readValue(response.getBody(), type);
    }
}
