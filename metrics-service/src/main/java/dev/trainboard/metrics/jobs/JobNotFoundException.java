package dev.trainboard.metrics.jobs;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request named a job id that is not registered; answered with a 404 problem body. */
public class JobNotFoundException extends ErrorResponseException {

    public JobNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No job with id " + id);
        problem.setTitle("Job not found");
        problem.setProperty("jobId", id);
        return problem;
    }
}
