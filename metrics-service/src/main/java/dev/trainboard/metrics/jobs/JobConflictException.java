package dev.trainboard.metrics.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request that contradicts a job's state: a taken run name, or cancelling a finished job. */
public class JobConflictException extends ErrorResponseException {

    public JobConflictException(String title, String detail, String field) {
        super(HttpStatus.CONFLICT, problem(title, detail, field), null);
    }

    private static ProblemDetail problem(String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
