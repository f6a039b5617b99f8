package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTests {

    @ParameterizedTest
    @ValueSource(strings = { "apache/kafka:4.1.0", "postgres:17.6-bookworm", "trainboard/trainer-service:0.1.0-cu128",
            "eclipse-temurin:17.0.16_8-jre-noble", "registry.example:5000/team/app:1.2",
            "busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000" })
    void acceptsReleaseTagsAndDigests(String reference) {
        assertThat(new ImageReference(reference).isPinned()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "apache/kafka", "apache/kafka:latest", "eclipse-temurin:17-jre",
            "maven:3-eclipse-temurin-17", "registry.example:5000/team/app", "busybox@sha256:abc" })
    void rejectsFloatingReferences(String reference) {
        assertThat(new ImageReference(reference).isPinned()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "registry.example:5000/team/app:1.2", "registry.example/team/app:1.2",
            "localhost/app:1.0.0", "localhost:5000/app:1.0.0" })
    void seesARegistryHost(String reference) {
        assertThat(new ImageReference(reference).namesRegistryHost()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "postgres:17.6-bookworm", "apache/kafka:4.1.0", "trainboard/trainer-service:0.1.0-cu128",
            "team/sub.project/app:1.0.0", "busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000" })
    void seesNoRegistryHostInDefaultRegistryNames(String reference) {
        assertThat(new ImageReference(reference).namesRegistryHost()).isFalse();
    }
}
