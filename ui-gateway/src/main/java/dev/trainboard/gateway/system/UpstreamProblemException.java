package dev.trainboard.gateway.system;

import org.springframework.http.HttpStatusCode;

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
