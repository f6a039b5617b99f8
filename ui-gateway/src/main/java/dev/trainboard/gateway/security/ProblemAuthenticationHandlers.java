package dev.trainboard.gateway.security;

import dev.trainboard.gateway.system.FieldViolation;
import dev.trainboard.gateway.system.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * 401, 403 and firewall rejections as problem bodies. Spring Security's bearer handlers still set the status and
 * the {@code WWW-Authenticate} header; this class adds the body they leave empty.
 */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler,
        RequestRejectedHandler {

    private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler accessDenied = new BearerTokenAccessDeniedHandler();
    private final ProblemResponses problems;

    ProblemAuthenticationHandlers(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        entryPoint.commence(request, response, exception);
        problems.write(request, response, HttpStatus.UNAUTHORIZED,
                "A valid API token is required: send it as 'Authorization: Bearer <token>'");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        accessDenied.handle(request, response, exception);
        problems.write(request, response, HttpStatus.FORBIDDEN,
                "This API token's role may not " + request.getMethod() + " " + request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            RequestRejectedException exception) throws IOException {
        // The firewall refuses paths that are not normalised or hold encoded separators, e.g. /api/jobs/..%3B
        problems.writeInvalid(request, response, List.of(new FieldViolation("path", "NormalizedPath",
                "The request path must be plain: no '..', ';', encoded '/' or '\\', no control characters")));
    }
}
