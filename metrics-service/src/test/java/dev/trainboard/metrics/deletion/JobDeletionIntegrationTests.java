package dev.trainboard.metrics.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.TopicReader;
import dev.trainboard.metrics.support.WithTestDatabase;
import dev.trainboard.metrics.tensorboard.UnsyncedRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** DELETE on jobs through the internal API, with real ingestion writing the rows and event files first. */
@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class JobDeletionIntegrationTests {

    private static final String BROKERS = System.getProperty("spring.embedded.kafka.brokers");
    private static final double WALL = 1.8e9;
    private static final List<String> METRIC_TABLES = List.of("scalars", "texts");

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
        registry.add("trainboard.tensorboard.staging-dir", () -> workDir.resolve("staging").toString());
        registry.add("trainboard.artifacts.root", () -> workDir.resolve("artifacts").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFinishedJobGoesWithItsRowsEventFilesAndArtifactsAndOthersStay() throws IOException {
        Api api = new Api(port);
        UUID deleted = finishedJob(api, "delete-me", JobStatusChanged.succeeded(Map.of("test accuracy", 0.9)));
        UUID kept = finishedJob(api, "keep-me", JobStatusChanged.failed("out of memory"));
        Path deletedArtifacts = artifacts(deleted);
        Path keptArtifacts = artifacts(kept);

        ResponseEntity<String> answer = api.delete("/internal/jobs/" + deleted);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.get("/internal/jobs/" + deleted).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rows("jobs", "id", deleted)).isZero();
        METRIC_TABLES.forEach(table -> assertThat(rows(table, "job_id", deleted)).as(table).isZero());
        for (String table : List.of("scalar_points", "scalar_rollups")) {
            assertThat(jdbc.sql("select count(*) from " + table
                    + " where series_id not in (select id from scalar_series)").query(Long.class).single())
                    .as(table + " left without their series").isZero();
        }
        assertThat(jdbc.sql("select count(*) from scalar_rollups r join scalar_series s on s.id = r.series_id"
                + " where s.job_id = :job").param("job", kept).query(Long.class).single()).as("the kept job's rollups")
                .isPositive();
        assertThat(workDir.resolve("runs/delete-me")).doesNotExist();
        assertThat(workDir.resolve("runs").resolve(UnsyncedRuns.DIRECTORY).resolve(deleted.toString()))
                .doesNotExist();
        assertThat(deletedArtifacts).doesNotExist();

        assertThat(rows("jobs", "id", kept)).isOne();
        METRIC_TABLES.forEach(table -> assertThat(rows(table, "job_id", kept)).as(table).isPositive());
        assertThat(EventFiles.files(workDir.resolve("runs/keep-me"))).isNotEmpty();
        assertThat(keptArtifacts.resolve("model/COMPLETE")).exists();

        assertThat(api.delete("/internal/jobs/" + deleted).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // The run name is free again.
        assertThat(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("delete-me"), null))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aCancelledJobIsDeletedTooAndAnActiveOneIsCancelledInstead() {
        Api api = new Api(port);
        UUID cancelled = finishedJob(api, "cancelled-then-deleted", JobStatusChanged.cancelled());
        assertThat(api.delete("/internal/jobs/" + cancelled).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(workDir.resolve("runs/cancelled-then-deleted")).doesNotExist();

        UUID running = register(api, "still-running");
        send(running, JobStatusChanged.running("cpu", "trainer-1"));
        send(running, losses(0, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("scalars", "job_id", running) == 5);

        ResponseEntity<String> answer = api.delete("/internal/jobs/" + running);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(Api.read(answer, JobView.class).id()).isEqualTo(running);
        EventEnvelope request = EventJson.mapper().readValue(
                TopicReader.expect(BROKERS, Topics.CONTROL, running.toString(), 1).get(0).value(), EventEnvelope.class);
        assertThat(request.payload()).isInstanceOf(CancelRequested.class);
        assertThat(rows("jobs", "id", running)).isOne();
        assertThat(rows("scalars", "job_id", running)).isEqualTo(5);
        assertThat(workDir.resolve("runs/still-running")).isDirectory();
    }

    @Test
    void anUnknownJobIsA404Problem() {
        ResponseEntity<String> answer = new Api(port).delete("/internal/jobs/" + UUID.randomUUID());

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(Api.json(answer).get("title").asString()).isEqualTo("Job not found");
    }

    /** A job that ran, logged scalars and a text into its event file, and ended with {@code end}. */
    private UUID finishedJob(Api api, String runName, JobStatusChanged end) {
        UUID job = register(api, runName);
        send(job, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, losses(0, 20));
        send(job, new TextLogged("notes", 0, WALL, "a note"));
        send(job, end);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Api.read(api.get("/internal/jobs/" + job), JobView.class).status()).isEqualTo(end.status());
            assertThat(EventFiles.files(workDir.resolve("runs").resolve(runName))).isNotEmpty();
        });
        return job;
    }

    private Path artifacts(UUID job) throws IOException {
        Path directory = workDir.resolve("artifacts").resolve(job.toString());
        Files.createDirectories(directory.resolve("model"));
        Files.createDirectories(directory.resolve("checkpoints"));
        Files.writeString(directory.resolve("model/mnist-0000.params"), "parameters");
        Files.writeString(directory.resolve("model/COMPLETE"), "");
        return directory;
    }

    private UUID register(Api api, String runName) {
        return Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial(runName), null)),
                JobView.class).id();
    }

    private void send(UUID job, EventPayload payload) {
        kafka.send(Topics.EVENTS, job.toString(), EventEnvelope.of(job, 1, payload));
    }

    private long rows(String table, String column, UUID job) {
        return jdbc.sql("select count(*) from " + table + " where " + column + " = :job").param("job", job)
                .query(Long.class).single();
    }

    private static ScalarsLogged losses(int from, int to) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint("training loss", step, WALL + step, 1.0 / (step + 1))).toList());
    }
}
