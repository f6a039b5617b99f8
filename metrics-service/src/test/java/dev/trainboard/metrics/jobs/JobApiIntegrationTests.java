package dev.trainboard.metrics.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.events.api.RegisterSweepRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.TopicReader;
import dev.trainboard.metrics.support.WithTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import tools.jackson.databind.JsonNode;

@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.listener.auto-startup=false")
@ActiveProfiles("test")
@DirtiesContext
class JobApiIntegrationTests {

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
    void registeringAJobMakesItQueryableAndPublishesJobSubmittedOnce() {
        Api api = new Api(port);
        JobSpec spec = JobSpec.tutorial("register-once");

        ResponseEntity<String> created = api.post("/internal/jobs", new RegisterJobRequest(spec, "key-1"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JobView job = Api.read(created, JobView.class);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.runName()).isEqualTo("register-once");
        assertThat(job.spec()).isEqualTo(spec);
        assertThat(created.getHeaders().getLocation()).hasToString("/internal/jobs/" + job.id());

        ResponseEntity<String> again = api.post("/internal/jobs", new RegisterJobRequest(spec, "key-1"));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Api.read(again, JobView.class)).isEqualTo(job);

        assertThat(Api.read(api.get("/internal/jobs/" + job.id()), JobView.class)).isEqualTo(job);

        List<ConsumerRecord<String, byte[]>> published = readAll(Topics.JOBS, job.id(), 1);
        EventEnvelope envelope = EventJson.mapper().readValue(published.get(0).value(), EventEnvelope.class);
        assertThat(envelope.payload()).isEqualTo(new JobSubmitted(spec));
        assertThat(envelope.jobId()).isEqualTo(job.id());
    }

    @Test
    void aTakenRunNameIsAConflict() {
        Api api = new Api(port);
        assertThat(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("taken"), null))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<String> second = api.post("/internal/jobs",
                new RegisterJobRequest(JobSpec.tutorial("taken"), null));

        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(Api.json(second).get("field").asString()).isEqualTo("spec.runName");
    }

    @Test
    void aSweepIsRegisteredAllOrNothing() {
        Api api = new Api(port);
        api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("sweep-taken"), null));
        int queuedBefore = outboxCount();

        ResponseEntity<String> conflict = api.post("/internal/sweeps", new RegisterSweepRequest(
                List.of(JobSpec.tutorial("sweep-free"), JobSpec.tutorial("sweep-taken"), JobSpec.tutorial("sweep-free-2")),
                "sweep-key-1"));

        assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(Api.json(conflict).get("detail").asString()).contains("sweep-taken");
        assertThat(jdbc.sql("select count(*) from jobs where run_name like 'sweep-free%'").query(Long.class).single())
                .isZero();
        assertThat(outboxCount()).isEqualTo(queuedBefore);

        List<JobSpec> specs = List.of(JobSpec.tutorial("sweep-a"), JobSpec.tutorial("sweep-b"));
        ResponseEntity<String> created = api.post("/internal/sweeps", new RegisterSweepRequest(specs, "sweep-key-2"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        List<JobView> jobs = List.of(Api.read(created, JobView[].class));
        assertThat(jobs).extracting(JobView::spec).isEqualTo(specs);
        assertThat(jobs).extracting(JobView::status).containsOnly(JobStatus.QUEUED);

        ResponseEntity<String> retried = api.post("/internal/sweeps", new RegisterSweepRequest(specs, "sweep-key-2"));
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(List.of(Api.read(retried, JobView[].class))).isEqualTo(jobs);
        for (List<JobSpec> changed : List.of(specs.subList(0, 1), List.of(specs.get(1), specs.get(0)),
                List.of(specs.get(0), specs.get(1), JobSpec.tutorial("sweep-c")))) {
            ResponseEntity<String> refused = api.post("/internal/sweeps", new RegisterSweepRequest(changed, "sweep-key-2"));
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(Api.json(refused).get("field").asString()).isEqualTo("idempotencyKey");
        }
        assertThat(jdbc.sql("select count(*) from jobs where run_name like 'sweep-%'").query(Long.class).single())
                .isEqualTo(3);
    }

    @Test
    void anIdempotencyKeySentAgainWithAnotherSpecIsUnprocessable() {
        Api api = new Api(port);
        JobView first = Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("reuse"), "key-r")),
                JobView.class);

        ResponseEntity<String> other = api.post("/internal/jobs",
                new RegisterJobRequest(JobSpec.tutorial("reuse-other"), "key-r"));

        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(other.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(Api.json(other).get("detail").asString()).contains("key-r");
        assertThat(jdbc.sql("select count(*) from jobs where run_name = 'reuse-other'").query(Long.class).single())
                .isZero();
        assertThat(Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("reuse"), "key-r")),
                JobView.class)).isEqualTo(first);
    }

    @Test
    void enumsInABodyAreReadByNameOnly() {
        Api api = new Api(port);
        String spec = EventJson.mapper().writeValueAsString(JobSpec.tutorial("by-ordinal"));
        for (String device : List.of("1", "\"1\"")) {
            ResponseEntity<String> response = api.postJson("/internal/jobs",
                    "{\"spec\": " + spec.replace("\"device\":\"auto\"", "\"device\":" + device) + "}");
            assertThat(response.getStatusCode()).as(device).isEqualTo(HttpStatus.BAD_REQUEST);
        }
        assertThat(jdbc.sql("select count(*) from jobs where run_name = 'by-ordinal'").query(Long.class).single())
                .isZero();
    }

    private int outboxCount() {
        return jdbc.sql("select count(*) from outbox").query(Integer.class).single();
    }

    @Test
    void runNamesThatCouldEscapeTheLogDirAreRejectedAndNothingIsWritten() throws IOException {
        Api api = new Api(port);
        List<String> badNames = List.of("../x", "a/b", "", "x".repeat(10_000), "..", "/etc", ".hidden", "a\\b");
        for (String name : badNames) {
            ResponseEntity<String> response = api.post("/internal/jobs",
                    new RegisterJobRequest(JobSpec.tutorial(name), null));

            assertThat(response.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
            JsonNode problem = Api.json(response);
            assertThat(problem.get("detail").asString()).as(name).contains("spec.runName");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("spec.runName");
        }
        assertThat(jdbc.sql("select count(*) from jobs where run_name <> all(:ok)")
                .param("ok", new String[] {"register-once", "taken", "cancel-me", "listed-0", "listed-1", "listed-2",
                    "sweep-taken", "sweep-a", "sweep-b", "reuse"})
                .query(Long.class).single()).isZero();
        try (Stream<Path> files = Files.walk(workDir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void cancelPublishesARequestAndAFinishedJobCannotBeCancelled() {
        Api api = new Api(port);
        JobView job = Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("cancel-me"), null)),
                JobView.class);

        ResponseEntity<String> accepted = api.post("/internal/jobs/" + job.id() + "/cancel", null);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        EventEnvelope request = EventJson.mapper().readValue(readAll(Topics.CONTROL, job.id(), 1).get(0).value(),
                EventEnvelope.class);
        assertThat(request.payload()).isInstanceOf(CancelRequested.class);

        jdbc.sql("update jobs set status = 'CANCELLED' where id = :id").param("id", job.id()).update();
        ResponseEntity<String> conflict = api.post("/internal/jobs/" + job.id() + "/cancel", null);
        assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(Api.json(conflict).get("detail").asString()).contains("CANCELLED");
    }

    @Test
    void unknownJobsAre404ProblemsAndBadParametersAreNamed() {
        Api api = new Api(port);
        UUID unknown = UUID.randomUUID();
        for (String path : List.of("", "/tags", "/scalars?tag=x", "/graph", "/hparams", "/texts", "/scalars.csv")) {
            ResponseEntity<String> response = api.get("/internal/jobs/" + unknown + path);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(Api.json(response).get("detail").asString()).contains(unknown.toString());
        }
        ResponseEntity<String> badSize = api.get("/internal/jobs?size=0");
        assertThat(badSize.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(Api.json(badSize).get("detail").asString()).contains("size");
        ResponseEntity<String> badStatus = api.get("/internal/jobs?status=DANCING");
        assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(Api.json(badStatus).get("detail").asString()).contains("status");
    }

    @Test
    void listsPageNewestFirstAndFilterByStatus() {
        Api api = new Api(port);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("listed-" + i), null)),
                    JobView.class).id());
        }
        jdbc.sql("update jobs set status = 'RUNNING', attempt = 1 where id = :id").param("id", ids.get(1)).update();

        JobPage running = Api.read(api.get("/internal/jobs?status=RUNNING"), JobPage.class);
        assertThat(running.items()).extracting(JobView::id).containsExactly(ids.get(1));
        assertThat(running.total()).isEqualTo(1);

        JobPage firstPage = Api.read(api.get("/internal/jobs?size=2&page=0"), JobPage.class);
        assertThat(firstPage.items()).hasSize(2);
        assertThat(firstPage.items().get(0).createdAt()).isAfterOrEqualTo(firstPage.items().get(1).createdAt());
        assertThat(firstPage.total()).isEqualTo(jdbc.sql("select count(*) from jobs").query(Long.class).single());
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, UUID jobId, int expected) {
        return TopicReader.expect(System.getProperty("spring.embedded.kafka.brokers"), topic, jobId.toString(), expected);
    }
}
