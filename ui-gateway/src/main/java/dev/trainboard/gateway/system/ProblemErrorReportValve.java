package dev.trainboard.gateway.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for requests it refuses before Spring sees them (an encoded {@code /}, {@code \} or NUL
 * in the path): a problem body instead of Tomcat's HTML page. Errors inside the application never get here, they
 * already carry a body.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String body = status == HttpStatus.BAD_REQUEST.value()
                ? "{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"path: The request path is not "
                        + "acceptable\",\"errors\":[{\"field\":\"path\",\"rule\":\"NormalizedPath\",\"message\":"
                        + "\"No encoded '/', '\\\\' or NUL in the path\"}]}"
                : "{\"title\":\"" + title + "\",\"status\":" + status + "}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGone) {
            // Nothing more can be told to a client that is gone.
        }
    }
}
