package dev.trainboard.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.gateway.security.ApiTokenProperties.ApiToken;
import dev.trainboard.gateway.security.ApiTokenProperties.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

class ApiTokenIntrospectorTests {

    private final ApiTokenIntrospector introspector = new ApiTokenIntrospector(new ApiTokenProperties(List.of(
            new ApiToken("ci-reader", ApiTokenIntrospector.sha256("r-secret"), Role.READER),
            new ApiToken("ci-submitter", ApiTokenIntrospector.sha256("s-secret").toUpperCase(), Role.SUBMITTER))));

    @Test
    void theHashIsSha256InLowerCaseHex() {
        // printf %s abc | sha256sum
        assertThat(ApiTokenIntrospector.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aReaderMayOnlyReadAndASubmitterMayDoBoth() {
        assertThat(introspector.introspect("r-secret").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_READER");
        assertThat(introspector.introspect("s-secret").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_READER", "ROLE_SUBMITTER");
        assertThat(introspector.introspect("s-secret").getName()).isEqualTo("ci-submitter");
    }

    @Test
    void anUnknownTokenOrTheHashItselfIsRefused() {
        assertThatThrownBy(() -> introspector.introspect("r-secreT")).isInstanceOf(BadOpaqueTokenException.class);
        assertThatThrownBy(() -> introspector.introspect(ApiTokenIntrospector.sha256("r-secret")))
                .isInstanceOf(BadOpaqueTokenException.class);
    }
}
