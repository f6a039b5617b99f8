package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.WithTestDatabase;
import dev.trainboard.metrics.tensorboard.Rebuilder;
import dev.trainboard.metrics.tensorboard.UnsyncedRuns;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

/**
 * Ten thousand hostile records of every payload type, mixed into a real job's stream on a real broker, into the
 * service with its real database. Every one of them must be refused, and afterwards the service is healthy, the
 * job's files hold what the same stream gives without them, every run rebuilds, the job that had finished
 * before is unchanged and nothing was written outside the log dir.
 */
@WithTestDatabase
// Ten thousand log lines through the test runner's output capture would time the runner, not the service.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.dev.trainboard.metrics.ingest.RejectionLog=error")
@ActiveProfiles("test")
@DirtiesContext
class EventFuzzIntegrationTests {

    private static final int HOSTILE = 10_000;

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
        HostileEvents.limits().forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void hostileRecordsAreAllRefusedAndChangeNothing() throws Exception {
        Api api = new Api(port);
        UUID finished = register(api, "fuzz-finished");
        UUID clean = register(api, "fuzz-clean");
        UUID real = register(api, "fuzz-real");
        JobStream.of(finished).forEach(this::send);
        JobStream.of(clean).forEach(this::send);
        Path runs = workDir.resolve("runs");
        awaitFinished(api, runs, finished);
        awaitFinished(api, runs, clean);
        Map<String, String> finishedFiles = snapshot(runs.resolve("fuzz-finished"));
        double rejectedBefore = rejected();

        long seed = new Random().nextLong();
        HostileEvents hostile = new HostileEvents(seed, real, finished);
        List<EventEnvelope> stream = JobStream.of(real);
        // Built first, sent in one go: the flood reaches the service as fast as the producer can send it.
        Map<String, PluginKind> claimed = new HashMap<>();
        List<List<HostileEvents.Hostile>> hostileAfter = new ArrayList<>();
        int built = 0;
        for (int i = 0; i < stream.size(); i++) {
            PayloadRules.tags(stream.get(i).payload(), claimed::putIfAbsent);
            List<HostileEvents.Hostile> batch = new ArrayList<>();
            for (int upTo = (int) ((long) HOSTILE * (i + 1) / stream.size()); built < upTo; built++) {
                batch.add(hostile.next(claimed));
            }
            hostileAfter.add(batch);
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        long floodStarted = System.nanoTime();
        for (int i = 0; i < stream.size(); i++) {
            send(stream.get(i));
            hostileAfter.get(i).forEach(record -> sends.add(send(record)));
        }
        kafka.flush();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        awaitFinished(api, runs, real);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(rejected() - rejectedBefore).as("rejected records (seed %d)", seed).isEqualTo(HOSTILE));
        System.out.printf("%,d hostile records and the job's %d events sent and consumed in %.1f s%n", HOSTILE,
                stream.size(), (System.nanoTime() - floodStarted) / 1e9);
        assertThat(meters.counter("trainboard.tensorboard.append.failures").count()).isZero();
        ResponseEntity<String> health = api.get("/actuator/health");
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Api.json(health).get("status").asString()).isEqualTo("UP");

        assertThat(describe(runs.resolve("fuzz-real"))).as("seed %d", seed)
                .isEqualTo(describe(runs.resolve("fuzz-clean")));
        for (String table : List.of("scalars", "images", "graphs", "histograms", "pr_curves", "texts", "hparams",
                "embeddings")) {
            assertThat(count(table, real)).as(table).isEqualTo(count(table, clean));
        }
        JobView view = Api.read(api.get("/internal/jobs/" + real), JobView.class);
        assertThat(view.attempt()).isEqualTo(1);
        assertThat(view.host()).isEqualTo("trainer-1");
        assertThat(snapshot(runs.resolve("fuzz-finished"))).as("finished run, seed %d", seed)
                .containsExactlyInAnyOrderEntriesOf(finishedFiles);

        List<List<String>> finishedBefore = describe(runs.resolve("fuzz-finished"));
        ResponseEntity<String> rebuilt = api.post("/internal/admin/rebuild", null);

        assertThat(rebuilt.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Api.json(rebuilt).get("failed").size()).isZero();
        assertThat(Api.json(rebuilt).get("runs").size()).isEqualTo(3);
        assertThat(meters.counter("trainboard.tensorboard.rebuild.failures").count()).isZero();
        assertThat(describe(runs.resolve("fuzz-real"))).isEqualTo(describe(runs.resolve("fuzz-clean")));
        assertThat(describe(runs.resolve("fuzz-finished"))).isEqualTo(finishedBefore);
        try (Stream<Path> outside = Files.list(workDir); Stream<Path> inside = Files.list(runs)) {
            assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("runs");
            assertThat(inside.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .isSubsetOf(Set.of("fuzz-finished", "fuzz-clean", "fuzz-real", UnsyncedRuns.DIRECTORY))
                    .doesNotContain(Rebuilder.STAGING);
        }
    }

    private void send(EventEnvelope envelope) {
        kafka.send(Topics.EVENTS, envelope.jobId().toString(), envelope);
    }

    private CompletableFuture<?> send(HostileEvents.Hostile record) {
        if (record.value() instanceof HostileEvents.KeyMismatch mismatch) {
            return kafka.send(Topics.EVENTS, UUID.randomUUID().toString(), mismatch.envelope());
        }
        return kafka.send(Topics.EVENTS, record.key(), record.value());
    }

    private double rejected() {
        return meters.find("trainboard.events.rejected").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Waits for SUCCEEDED in the database, then for the run's file to be closed (its unsynced marker goes). */
    private static void awaitFinished(Api api, Path runs, UUID job) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Api.read(api.get("/internal/jobs/" + job), JobView.class).status() == JobStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !Files.exists(runs.resolve(UnsyncedRuns.DIRECTORY).resolve(job.toString())));
    }

    private UUID register(Api api, String runName) {
        return Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobStream.spec(runName), null)),
                JobView.class).id();
    }

    private long count(String table, UUID job) {
        return jdbc.sql("select count(*) from " + table + " where job_id = :job").param("job", job)
                .query(Long.class).single();
    }

    /**
     * What TensorBoard reads from the run once its files are closed (the job ended): the events of all its event
     * files together, and its other files. A rebalance of the events topic while the job is written closes its
     * file and the next owner continues in a new one; TensorBoard reads the two as one run.
     */
    private static List<List<String>> describe(Path runDir) {
        List<String> events = EventFiles.files(runDir).stream().flatMap(file -> EventFiles.describe(file).stream())
                .sorted().toList();
        return List.of(events, EventFiles.otherFiles(runDir));
    }

    /** Every file of the run, by path, with its bytes in Base64. */
    private static Map<String, String> snapshot(Path runDir) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(runDir.relativize(file).toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            }
        }
        return files;
    }
}
