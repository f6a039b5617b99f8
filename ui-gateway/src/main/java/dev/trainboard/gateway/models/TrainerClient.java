package dev.trainboard.gateway.models;

import dev.trainboard.gateway.system.MetricsServiceProperties;
import dev.trainboard.gateway.system.UpstreamProblemException;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trainer service's internal model API. Its 4xx answers are the client's problem and pass on as they are;
 * a failure or silence of the trainer is the gateway's, and is named as the trainer's.
 */
@Component
public class TrainerClient {

    private static final String JOB = "/internal/jobs/{id}";

    private final RestClient trainer;

    TrainerClient(RestClient.Builder builder, TrainerServiceProperties properties,
            MetricsServiceProperties internalApi, JsonMapper json) {
        // Its own client, not a bean: the gateway's RestClient bean is the metrics service's. The trainer's internal
        // API takes the same shared token as the metrics service's.
        this.trainer = builder.clone().baseUrl(properties.url().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalApi.internalToken())
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw toException(response, json);
                })
                .build();
    }

    /** The model as the trainer serves it: a zip, with its content type and file name. */
    ResponseEntity<byte[]> model(UUID id) {
        return call(() -> trainer.get().uri(JOB + "/model", id).retrieve().toEntity(byte[].class));
    }

    /** The predictions for a PNG or a JSON batch, passed on with the client's content type. */
    JsonNode predict(UUID id, MediaType contentType, byte[] body) {
        return call(() -> trainer.post().uri(JOB + "/predict", id).contentType(contentType).body(body).retrieve()
                .body(JsonNode.class));
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ResourceAccessException e) {
            throw new TrainerUnavailableException(HttpStatus.SERVICE_UNAVAILABLE,
                    "The trainer service is not reachable; try again shortly", e);
        }
    }

    private static RuntimeException toException(ClientHttpResponse response, JsonMapper json) throws IOException {
        HttpStatusCode status = response.getStatusCode();
        if (!status.is4xxClientError()) {
            return new TrainerUnavailableException(HttpStatus.BAD_GATEWAY,
                    "The trainer service failed to answer (" + status.value() + ")", null);
        }
        String title = status.toString();
        String detail = "The trainer service answered " + status.value();
        try {
            JsonNode problem = json.readTree(response.getBody().readAllBytes());
            title = problem.path("title").asString(title);
            detail = problem.path("detail").asString(detail);
        } catch (JacksonException notAProblemBody) {
            // The status alone still tells the client what happened.
        }
        return new UpstreamProblemException(status, title, detail);
    }
}
