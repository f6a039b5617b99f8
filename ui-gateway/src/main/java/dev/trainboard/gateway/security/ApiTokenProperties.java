package dev.trainboard.gateway.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The API tokens the gateway accepts. Only SHA-256 hashes are configured, so the configuration never holds a
 * usable secret.
 */
@Validated
@ConfigurationProperties("trainboard.security")
record ApiTokenProperties(@NotNull List<@Valid ApiToken> tokens) {

    /**
     * @param name who holds the token, for logs
     * @param sha256 hex SHA-256 of the token as the client sends it
     * @param role what the token may do
     */
    record ApiToken(@NotBlank String name, @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
            @NotNull Role role) {
    }

    /** A submitter may also read. */
    enum Role {
        READER,
        SUBMITTER
    }
}
