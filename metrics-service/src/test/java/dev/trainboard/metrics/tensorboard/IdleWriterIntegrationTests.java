package dev.trainboard.metrics.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.WithTestDatabase;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A quiet run's writer closes after the idle timeout, and the run's next events continue its attempt where it
 * left off.
 */
@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "trainboard.tensorboard.idle-timeout=1s")
@ActiveProfiles("test")
@DirtiesContext
class IdleWriterIntegrationTests {

    private static final double WALL = 1.8e9;

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    MeterRegistry meters;

    @Test
    void aQuietWriterClosesAndTheAttemptsNextEventsGoToALaterFileWithoutARestartMarker() {
        UUID job = Api.read(new Api(port).post("/internal/jobs",
                new RegisterJobRequest(JobSpec.tutorial("quiet"), null)), JobView.class).id();
        Path runDir = workDir.resolve("runs/quiet");
        Path marker = workDir.resolve("runs").resolve(UnsyncedRuns.DIRECTORY).resolve(job.toString());
        send(job, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, loss(0, 10));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(EventFiles.files(runDir)).hasSize(1);
            assertThat(EventFiles.scalars(EventFiles.files(runDir).get(0))).hasSize(10);
        });
        awaitClosed(marker);
        Path first = EventFiles.files(runDir).get(0);
        List<String> firstContent = EventFiles.describe(first);

        // Steps 5..9 again (a redelivery) and 10..19 new, in one batch and then one more event.
        send(job, loss(5, 15));
        send(job, loss(15, 20));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(EventFiles.files(runDir).stream().mapToInt(f -> EventFiles.scalars(f).size()).sum())
                        .isEqualTo(20));
        List<Path> files = EventFiles.files(runDir);
        assertThat(files).hasSize(2);
        assertThat(files.get(0)).isEqualTo(first);
        assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".000001"));
        assertThat(EventFiles.describe(first)).isEqualTo(firstContent);
        assertThat(EventFiles.read(first).get(1).getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
        List<Event> second = EventFiles.read(files.get(1));
        assertThat(second.get(0).getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(second).noneMatch(Event::hasSessionLog);
        assertThat(Stream.concat(EventFiles.scalars(first).stream(), EventFiles.scalars(files.get(1)).stream()))
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(step -> "loss@" + step + "=" + (float) step)
                        .toList());
        awaitClosed(marker);
    }

    @Test
    void anHParamsSummaryAfterAnIdleCloseIsLoggedAtTheAttemptsLastStepAsARebuildLogsIt() {
        Api api = new Api(port);
        UUID job = Api.read(api.post("/internal/jobs",
                new RegisterJobRequest(JobSpec.tutorial("late-hparams"), null)), JobView.class).id();
        Path runDir = workDir.resolve("runs/late-hparams");
        send(job, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, loss(0, 10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(EventFiles.files(runDir))
                .singleElement().satisfies(file -> assertThat(EventFiles.scalars(file)).hasSize(10)));
        awaitClosed(workDir.resolve("runs").resolve(UnsyncedRuns.DIRECTORY).resolve(job.toString()));

        // The trainer's last event, alone in its batch: the reopened writer has seen no step yet.
        send(job, new HParamsLogged(Map.of("learningRate", 0.01), Map.of("loss", 9.0), "SUCCESS"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hparamsSteps(runDir)).isNotEmpty());
        assertThat(EventFiles.files(runDir)).as("the hparams went to a reopened writer's file").hasSize(2);
        List<Long> live = hparamsSteps(runDir);

        assertThat(api.post("/internal/admin/rebuild?run=late-hparams", null).getStatusCode().is2xxSuccessful())
                .isTrue();
        assertThat(EventFiles.files(runDir)).hasSize(1);
        assertThat(hparamsSteps(runDir)).containsExactly(9L);
        assertThat(live).isEqualTo(hparamsSteps(runDir));
    }

    /** The steps of the hparams summaries in the run's files, in file order. */
    private static List<Long> hparamsSteps(Path runDir) {
        return EventFiles.files(runDir).stream().flatMap(file -> EventFiles.read(file).stream())
                .filter(event -> event.getSummary().getValueList().stream()
                        .anyMatch(value -> value.getTag().equals("_hparams_/session_start_info")))
                .map(Event::getStep).toList();
    }

    /** The idle sweep closes the run's file cleanly: no writer is open and the run is no longer marked. */
    private void awaitClosed(Path marker) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(meters.get("trainboard.tensorboard.open.files").gauge().value()).isZero();
            assertThat(marker).doesNotExist();
        });
    }

    private void send(UUID job, EventPayload payload) {
        kafka.send(Topics.EVENTS, job.toString(), EventEnvelope.of(job, 1, payload));
    }

    private static ScalarsLogged loss(int from, int to) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint("loss", step, WALL + step, step)).toList());
    }
}
