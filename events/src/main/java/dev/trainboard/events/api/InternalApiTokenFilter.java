package dev.trainboard.events.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The credential of the services' internal HTTP API: every request must carry the shared secret as
 * {@code Authorization: Bearer <token>}, except the status-only health check ({@code GET /actuator/health} and
 * its groups), which orchestrators and {@code ./trainboard} poll without it. A service registers the filter for
 * every path, so an internal endpoint added later is covered without further work.
 */
public final class InternalApiTokenFilter extends HttpFilter {

    /** The environment variable every service reads the shared secret from. */
    public static final String TOKEN_VARIABLE = "TRAINBOARD_INTERNAL_TOKEN";

    private static final String BEARER = "Bearer ";
    private static final String UNAUTHORIZED = """
            {"type":"about:blank","title":"Unauthorized","status":401,\
            "detail":"The internal API needs the shared token (%s) as a bearer token"}"""
            .formatted(TOKEN_VARIABLE);

    private final byte[] tokenHash;

    /** @param token the shared secret; must not be blank */
    public InternalApiTokenFilter(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(TOKEN_VARIABLE + " is not set: the internal API needs a shared token");
        }
        this.tokenHash = sha256(token);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isHealthCheck(request) || carriesToken(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/problem+json");
        response.getOutputStream().write(UNAUTHORIZED.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isHealthCheck(HttpServletRequest request) {
        // The servlet path is decoded and normalised: "/actuator/health/../metrics" is not a health check.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && (path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
    }

    private boolean carriesToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // Comparing digests keeps the comparison constant in time and independent of the token's length.
        return MessageDigest.isEqual(tokenHash, sha256(header.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
