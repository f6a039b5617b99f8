package dev.trainboard.metrics.support;

import dev.trainboard.events.EventJson;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** A plain HTTP client for the service under test; error statuses come back as responses, not exceptions. */
public final class Api {

    private final RestClient client;

    public Api(int port) {
        this.client = RestClient.builder()
                .baseUrl("http://localhost:" + port)
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
