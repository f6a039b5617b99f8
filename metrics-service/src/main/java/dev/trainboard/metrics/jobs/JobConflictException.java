package dev.trainboard.metrics.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request that contradicts a job's state: a taken run name, or cancelling a finished job. */
public class JobConflictException extends ErrorResponseException {

    public JobConflictException(String title, String detail, String field) {
        super(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, title, detail, field), null);
    }

    /** A problem body that names the offending field, when there is one. */
    static ProblemDetail problem(HttpStatus status, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
