package dev.trainboard.gateway.system;

import java.io.IOException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics service answered with an error status. 4xx answers are the client's problem and are passed on;
 * anything else is the gateway's and is reported as a bad gateway.
 */
public class UpstreamProblemException extends RuntimeException {

    private final HttpStatusCode status;
    private final String title;
    private final String detail;

    public UpstreamProblemException(HttpStatusCode status, String title, String detail) {
        super("metrics service answered " + status.value() + ": " + detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    /** The exception for an error answer, with the title and detail of its problem body when it has one. */
    public static UpstreamProblemException of(ClientHttpResponse response, JsonMapper mapper) throws IOException {
        return of(response.getStatusCode(), response.getBody().readAllBytes(), mapper);
    }

    /** The exception for an error status with this body. */
    public static UpstreamProblemException of(HttpStatusCode status, byte[] body, JsonMapper mapper) {
        String title = status.toString();
        String detail = "The metrics service answered " + status.value();
        try {
            JsonNode problem = mapper.readTree(body);
            title = problem.path("title").asString(title);
            detail = problem.path("detail").asString(detail);
        } catch (JacksonException notAProblemBody) {
            // The status alone still says what happened; an unparsable body changes nothing for the client.
        }
        return new UpstreamProblemException(status, title, detail);
    }

    public HttpStatusCode status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
