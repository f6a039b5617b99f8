package dev.trainboard.gateway;

/** The default development tokens of application.yml, as a client sends them. */
public final class TestTokens {

    public static final String READER = "Bearer dev-reader-token";
    public static final String SUBMITTER = "Bearer dev-submitter-token";

    private TestTokens() {
    }
}
