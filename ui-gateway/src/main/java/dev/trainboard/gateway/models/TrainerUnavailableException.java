package dev.trainboard.gateway.models;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The trainer service could not be reached (503) or failed (502); a problem body without its internals. */
class TrainerUnavailableException extends ErrorResponseException {

    TrainerUnavailableException(HttpStatus status, String detail, Throwable cause) {
        super(status, problem(status, detail), cause);
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status == HttpStatus.SERVICE_UNAVAILABLE ? "Trainer service unavailable"
                : "Trainer service failed");
        return problem;
    }
}
