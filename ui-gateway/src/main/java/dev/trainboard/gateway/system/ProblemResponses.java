package dev.trainboard.gateway.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem bodies where no controller advice reaches: servlet filters and the security chain. */
@Component
public class ProblemResponses {

    private final JsonMapper mapper;

    ProblemResponses(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Sets the status and writes a problem body, unless the response is already on its way to the client. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(instance(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }

    /** The request path as a problem's {@code instance}, or null when the client sent a path no URI can hold. */
    static URI instance(String requestUri) {
        try {
            return URI.create(requestUri);
        } catch (IllegalArgumentException unparsable) {
            return null;
        }
    }
}
