package dev.trainboard.metrics.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.ServiceContexts;
import dev.trainboard.metrics.support.DatabasePerClass;
import dev.trainboard.metrics.tensorboard.LiveRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The check reads what the service wrote and what it stored, finds them equal, and names each kind of
 * difference once they are not: points only the database has, a file holding points twice, an unreadable file.
 */
class RunCheckIntegrationTests {

    @TempDir
    static Path workDir;

    @RegisterExtension
    static final DatabasePerClass databases = new DatabasePerClass();

    @Test
    void filesEqualToTheDatabasePassAndEachDifferenceIsNamed() throws Exception {
        Path logdir = workDir.resolve("runs");
        try (ConfigurableApplicationContext service = ServiceContexts.start(databases.get(), logdir);
                Connection connection = databases.get().connect()) {
            Api api = new Api(ServiceContexts.port(service));
            UUID job = Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("checked"), null)),
                    JobView.class).id();
            send(service, job, JobStatusChanged.running("cpu", "trainer-1"));
            send(service, job, new GraphLogged(List.of(new GraphNode("input", "Placeholder", List.of(), List.of(784L),
                    Map.of()))));
            send(service, job, new ScalarsLogged(IntStream.range(0, 30)
                    .mapToObj(step -> new ScalarPoint("loss", step, 1.8e9 + step, step)).toList()));
            send(service, job, new HistogramLogged("weights", 10, 1.8e9, 0, 1, 2, 1, 1, List.of(0.5, 1.0),
                    List.of(1.0, 1.0)));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> EventFiles.runScalars(logdir.resolve("checked")).size() == 30);
            service.getBean(LiveRuns.class).close(job);

            RunCheck check = new RunCheck(connection, logdir);
            assertThat(check.differences("checked", job)).isEmpty();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertThat(check.check(List.of(), new PrintStream(printed, true, StandardCharsets.UTF_8))).isTrue();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("checked: files match the database",
                    "1 run(s) checked, 0 with differences");

            try (Statement statement = connection.createStatement()) {
                statement.execute("insert into scalar_points (series_id, step, wall_time, value) "
                        + "select id, 40 + s, 1.8e9, 0 from scalar_series, generate_series(0, 2) s where job_id = '"
                        + job + "'");
                statement.execute("insert into graphs (job_id, attempt, logged_at, nodes) "
                        + "values ('" + job + "', 2, now(), '[]')");
            }
            Path file = EventFiles.files(logdir.resolve("checked")).get(0);
            Files.copy(file, file.resolveSibling(file.getFileName().toString().replace(".000001", "9.000001")));
            Files.write(logdir.resolve("checked").resolve("events.out.tfevents.1999999999.broken.000001"),
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

            List<String> differences = check.differences("checked", job);
            assertThat(differences).hasSize(8).contains(
                    "scalar 'loss' of attempt 1: 3 step(s) in PostgreSQL but not in the files: 40-42",
                    "scalar 'loss' of attempt 1: 30 step(s) in the files more than once: 0-29",
                    "scalar 'loss' of attempt 1: 1 step(s) in the files after a later step of the same series: 0",
                    "histogram 'weights' of attempt 1: 1 step(s) in the files more than once: 10",
                    "graph of attempt 1: 1 step(s) in the files more than once: 0",
                    "graph of attempt 2: 1 step(s) in PostgreSQL but not in the files: 0");
            assertThat(differences).anyMatch(d -> d.startsWith("events.out.tfevents.1999999999.broken.000001 "));
            // The points inserted behind ingestion's back are in no rollup.
            assertThat(differences).anyMatch(d -> d.startsWith("scalar rollups of series ")
                    && d.contains("bucket(s) differ from its points"));
            printed.reset();
            assertThat(check.check(List.of("checked"), new PrintStream(printed, true, StandardCharsets.UTF_8))).isFalse();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("checked: 8 difference(s)",
                    "1 run(s) checked, 1 with differences");
        }
    }

    private static void send(ConfigurableApplicationContext context, UUID job, EventPayload payload) {
        ServiceContexts.send(context, job, 1, payload);
    }
}
