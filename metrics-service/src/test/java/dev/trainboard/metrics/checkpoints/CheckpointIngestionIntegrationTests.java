package dev.trainboard.metrics.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.TopicReader;
import dev.trainboard.metrics.support.WithTestDatabase;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Checkpoint records and the resume rule, from a real broker into a real database and event files. */
@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class CheckpointIngestionIntegrationTests {

    private static final String BROKERS = System.getProperty("spring.embedded.kafka.brokers");
    private static final double WALL = 1.8e9;

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
        registry.add("trainboard.tensorboard.staging-dir", () -> workDir.resolve("staging").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aResumedAttemptReplacesWhatTheCrashedOneLoggedAfterTheCheckpoint() {
        Api api = new Api(port);
        UUID job = register(api, "resumed");
        String checkpoint = job + "/checkpoints/step-000000000020";
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, loss(0, 20, 1.0));
        send(job, 1, histogram(10));
        send(job, 1, new CheckpointSaved(20, 0, checkpoint, false, 4_800_000));
        // What the crashed attempt logged after its last checkpoint, before the kill.
        send(job, 1, loss(20, 30, 1.0));
        send(job, 1, histogram(25));
        send(job, 2, JobStatusChanged.resumed("cpu", "trainer-2", 20));
        send(job, 2, loss(20, 40, 2.0));
        send(job, 2, histogram(30));
        send(job, 2, new CheckpointSaved(40, 2, job + "/model", true, 1_600_000));

        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoints(api, job).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> histogramSteps(job).equals(List.of(10L, 30L)));

        assertThat(jdbc.sql("select step, attempt from scalars where job_id = :job and tag = 'loss' order by step")
                .param("job", job).query((rs, row) -> rs.getLong(1) * 10 + rs.getInt(2)).list())
                .as("each step once: attempt 1 before step 20, attempt 2 from there on")
                .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(step -> step * 10L + (step < 20 ? 1 : 2))
                        .toList());
        assertThat(Api.read(api.get("/internal/jobs/" + job), JobView.class).attempt()).isEqualTo(2);
        assertThat(checkpoints(api, job)).extracting(c -> c.path("step").asLong(), c -> c.path("path").asString(),
                        c -> c.path("finalModel").asBoolean(), c -> c.path("attempt").asInt(),
                        c -> c.path("sizeBytes").asLong())
                .containsExactly(tuple(20L, checkpoint, false, 1, 4_800_000L),
                        tuple(40L, job + "/model", true, 2, 1_600_000L));

        // The live files: the second attempt's starts with its restart marker at the resume step, so TensorBoard
        // drops the first attempt's points from step 20 on.
        Path runDir = workDir.resolve("runs/resumed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Path> files = EventFiles.files(runDir);
            assertThat(files).hasSize(2);
            assertRestartsAt(files.get(1), 20);
            assertThat(EventFiles.scalars(files.get(1))).hasSize(20).first().isEqualTo("loss@20=40.0");
        });

        // A rebuild writes each step once.
        assertThat(api.post("/internal/admin/rebuild?run=resumed", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Path> rebuilt = EventFiles.files(runDir);
        assertThat(rebuilt).hasSize(2);
        assertThat(EventFiles.scalars(rebuilt.get(0))).hasSize(20).last().isEqualTo("loss@19=19.0");
        assertRestartsAt(rebuilt.get(1), 20);
        assertThat(EventFiles.scalars(rebuilt.get(1))).hasSize(20);
    }

    @Test
    void aCheckpointOutsideItsJobsDirectoryIsRejected() {
        Api api = new Api(port);
        UUID job = register(api, "escaping");
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, new CheckpointSaved(10, 0, job + "/../other/model", true, 1));
        send(job, 1, new CheckpointSaved(10, 0, job + "/checkpoints/step-000000000010", false, 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoints(api, job).size() == 1);
        EventEnvelope dead = EventJson.mapper().readValue(
                TopicReader.expect(BROKERS, Topics.EVENTS_DEAD_LETTER, job.toString(), 1).get(0).value(),
                EventEnvelope.class);
        assertThat(((CheckpointSaved) dead.payload()).path()).contains("..");
        assertThat(api.get("/internal/jobs/" + UUID.randomUUID() + "/checkpoints").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    private static void assertRestartsAt(Path file, long step) {
        List<Event> events = EventFiles.read(file);
        assertThat(events.get(1).getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
        assertThat(events.get(1).getStep()).isEqualTo(step);
    }

    private List<JsonNode> checkpoints(Api api, UUID job) {
        List<JsonNode> list = new ArrayList<>();
        Api.json(api.get("/internal/jobs/" + job + "/checkpoints")).forEach(list::add);
        return list;
    }

    private List<Long> histogramSteps(UUID job) {
        return jdbc.sql("select step from histograms where job_id = :job order by step").param("job", job)
                .query(Long.class).list();
    }

    private UUID register(Api api, String runName) {
        return Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial(runName), null)),
                JobView.class).id();
    }

    private void send(UUID job, int attempt, EventPayload payload) {
        kafka.send(Topics.EVENTS, job.toString(), EventEnvelope.of(job, attempt, payload));
    }

    private static ScalarsLogged loss(int from, int to, double factor) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint("loss", step, WALL + step, factor * step)).toList());
    }

    private static HistogramLogged histogram(long step) {
        return new HistogramLogged("fc1/weight", step, WALL, 0, 1, 2, 1, 1, List.of(0.5, 1.0), List.of(1.0, 1.0));
    }
}
