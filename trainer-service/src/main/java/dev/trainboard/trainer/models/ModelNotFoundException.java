package dev.trainboard.trainer.models;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The job has no complete final model (unknown, not finished, failed, cancelled or deleted); a 404 problem. */
class ModelNotFoundException extends ErrorResponseException {

    ModelNotFoundException(UUID jobId) {
        super(HttpStatus.NOT_FOUND, problem(jobId), null);
    }

    private static ProblemDetail problem(UUID jobId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Job " + jobId
                + " has no model: a job has one once it has SUCCEEDED, until it is deleted");
        problem.setTitle("No model");
        problem.setProperty("jobId", jobId);
        return problem;
    }
}
