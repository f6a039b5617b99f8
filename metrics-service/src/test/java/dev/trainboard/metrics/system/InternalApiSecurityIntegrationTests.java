package dev.trainboard.metrics.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.WithTestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.listener.auto-startup=false")
@ActiveProfiles("test")
@DirtiesContext
class InternalApiSecurityIntegrationTests {

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void logDir(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyInternalPathNeedsTheTokenAndNothingHappensWithoutIt() {
        for (Api caller : List.of(new Api(port, null), new Api(port, "not-the-token"),
                new Api(port, Api.INTERNAL_TOKEN + "x"), new Api(port, ""))) {
            assertUnauthorized(caller.get("/internal/jobs"));
            assertUnauthorized(caller.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("intruder"), null)));
            assertUnauthorized(caller.post("/internal/sweeps", null));
            assertUnauthorized(caller.post("/internal/admin/rebuild", null));
            // A path nobody maps yet is refused before routing: new internal endpoints are covered by default.
            assertUnauthorized(caller.get("/internal/not-yet-written"));
        }
        assertThat(jdbc.sql("select count(*) from jobs").query(Long.class).single()).isZero();

        Api trusted = new Api(port);
        assertThat(trusted.get("/internal/jobs").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(trusted.get("/internal/not-yet-written").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theHealthCheckShowsTheStatusOnlyAndMetricsNeedTheToken() {
        Api anonymous = new Api(port, null);
        for (Api caller : List.of(anonymous, new Api(port))) {
            ResponseEntity<String> health = caller.get("/actuator/health");
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
            // The status and the names of the probe groups; no component, so no database, cluster id or path.
            assertThat(Api.json(health).propertyNames()).isSubsetOf(Set.of("status", "groups")).contains("status");
            assertThat(health.getBody()).doesNotContain("components", "details", "kafka", "db", "diskSpace");
        }
        assertThat(anonymous.get("/actuator/health/liveness").getStatusCode()).isEqualTo(HttpStatus.OK);

        for (String path : List.of("/actuator", "/actuator/metrics", "/actuator/metrics/jvm.memory.used",
                "/actuator/prometheus", "/actuator/info")) {
            assertUnauthorized(anonymous.get(path));
        }
        Api trusted = new Api(port);
        assertThat(Api.json(trusted.get("/actuator/metrics")).get("names").toString()).contains("jvm.memory.used");
        ResponseEntity<String> scrape = trusted.get("/actuator/prometheus");
        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getBody()).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    private static void assertUnauthorized(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(Api.json(response).get("detail").asString()).contains("TRAINBOARD_INTERNAL_TOKEN");
    }
}
