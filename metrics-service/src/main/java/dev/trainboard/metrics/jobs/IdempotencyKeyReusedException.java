package dev.trainboard.metrics.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An idempotency key sent again with a different job or sweep: the retry is not a retry, so nothing is returned. */
public class IdempotencyKeyReusedException extends ErrorResponseException {

    public IdempotencyKeyReusedException(String key) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, JobConflictException.problem(HttpStatus.UNPROCESSABLE_CONTENT,
                "Idempotency key reused", "The idempotency key '" + key + "' was used before with a different "
                        + "request body; send a new key for a new request", "idempotencyKey"), null);
    }
}
