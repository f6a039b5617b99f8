package dev.trainboard.gateway.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
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
        write(request, response, ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** Writes a 400 problem listing what is wrong, in the shape every bad request gets. */
    public void writeInvalid(HttpServletRequest request, HttpServletResponse response,
            List<FieldViolation> violations) throws IOException {
        write(request, response, invalidRequest(violations));
    }

    /** The problem body of a bad request: a summary in {@code detail} and each violation in {@code errors}. */
    static ProblemDetail invalidRequest(List<FieldViolation> violations) {
        String detail = violations.stream()
                .map(violation -> violation.field() + ": " + violation.message())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", violations);
        return problem;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        HttpStatus status = HttpStatus.valueOf(problem.getStatus());
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
