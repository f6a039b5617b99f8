package dev.trainboard.trainer.models;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Images a model cannot be asked about: answered with a 400 problem body that says what to send instead. */
class InvalidDigitsException extends ErrorResponseException {

    InvalidDigitsException(String title, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(title, detail), null);
    }

    private static ProblemDetail problem(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(title);
        return problem;
    }
}
