package dev.trainboard.gateway.security;

import dev.trainboard.gateway.security.ApiTokenProperties.ApiToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Recognises a bearer token by the SHA-256 hash of what the client sent. A map lookup by hash leaks nothing
 * useful through timing: an attacker who learns a hash still cannot produce the token.
 */
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

    static final String READER = "ROLE_READER";
    static final String SUBMITTER = "ROLE_SUBMITTER";

    /** The development tokens documented in application.yml; anyone who read the docs holds them. */
    private static final List<String> DEV_TOKENS = List.of("dev-reader-token", "dev-submitter-token");

    private static final Logger log = LoggerFactory.getLogger(ApiTokenIntrospector.class);

    private final Map<String, ApiToken> tokensByHash;

    ApiTokenIntrospector(ApiTokenProperties properties) {
        this.tokensByHash = properties.tokens().stream()
                .collect(Collectors.toMap(token -> token.sha256().toLowerCase(Locale.ROOT), Function.identity()));
        DEV_TOKENS.stream().filter(token -> tokensByHash.containsKey(sha256(token))).forEach(token -> log.warn(
                "The development API token '{}' is accepted; set TRAINBOARD_*_TOKEN_SHA256 outside local use", token));
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        ApiToken known = tokensByHash.get(sha256(token));
        if (known == null) {
            throw new BadOpaqueTokenException("Unknown API token");
        }
        return new OAuth2IntrospectionAuthenticatedPrincipal(known.name(), Map.of("sub", known.name()),
                authorities(known.role()));
    }

    private static List<GrantedAuthority> authorities(ApiTokenProperties.Role role) {
        return switch (role) {
            case READER -> AuthorityUtils.createAuthorityList(READER);
            case SUBMITTER -> AuthorityUtils.createAuthorityList(READER, SUBMITTER);
        };
    }

    static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException(everyJvmHasIt);
        }
    }
}
