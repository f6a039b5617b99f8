package dev.trainboard.metrics.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The process dies after committing a batch and before appending it: the test holds the live runs' lock, so
 * the listener stops right there, and copies the run as the crash would leave it. A second process, started
 * on the copies and the same database, reads the same events again from Kafka and finds nothing new in them,
 * so only the startup repair can complete the files.
 */
class CrashRepairIntegrationTests {

    private static final double WALL = 1.8e9;

    @TempDir
    static Path workDir;

    @RegisterExtension
    static final DatabasePerClass databases = new DatabasePerClass();

    @Test
    void runsACrashLeftShortAreRebuiltBeforeConsumingAndThenCarryOn() throws IOException {
        Path crashed = workDir.resolve("runs-as-the-crash-left-them");
        UUID open;
        UUID idle;
        try (ConfigurableApplicationContext first = start(workDir.resolve("runs"))) {
            Path logdir = workDir.resolve("runs");
            Api api = new Api(ServiceContexts.port(first));
            open = register(api, "crash-open");
            idle = register(api, "crash-idle");
            for (UUID job : List.of(open, idle)) {
                ServiceContexts.send(first, job, 1, JobStatusChanged.running("cpu", "trainer-1"));
                ServiceContexts.send(first, job, 1, loss(0, 10, 1.0));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(EventFiles.runScalars(logdir.resolve("crash-open"))).hasSize(10);
                assertThat(EventFiles.runScalars(logdir.resolve("crash-idle"))).hasSize(10);
            });
            // crash-open's writer is open when the crash comes; crash-idle's has closed after a quiet spell.
            first.getBean(LiveRuns.class).close(idle);
            assertThat(ServiceContexts.markers(logdir)).containsExactly(open.toString());

            crashAfterCommit(first, open, "crash-open", crashed);
            crashAfterCommit(first, idle, "crash-idle", crashed);
        }
        assertThat(ServiceContexts.markers(crashed)).containsExactlyInAnyOrder(open.toString(), idle.toString());
        assertThat(EventFiles.runScalars(crashed.resolve("crash-open"))).hasSize(10);
        assertThat(EventFiles.runScalars(crashed.resolve("crash-idle"))).hasSize(10);

        try (ConfigurableApplicationContext second = start(crashed)) {
            // Repaired when the partitions are assigned, before the listener gets their records (a new consumer
            // group: it reads everything again, and finds nothing new in it).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(second.getBean(MeterRegistry.class)
                    .counter("trainboard.tensorboard.startup.repairs").count()).isEqualTo(2));
            for (String run : List.of("crash-open", "crash-idle")) {
                List<Path> files = EventFiles.files(crashed.resolve(run));
                assertThat(files).as(run).hasSize(1);
                assertThat(EventFiles.scalars(files.get(0))).as(run).containsExactlyElementsOf(steps(0, 20, 1.0));
            }

            // Both runs go on: crash-open with its attempt, crash-idle with a new one.
            ServiceContexts.send(second, open, 1, loss(20, 25, 1.0));
            ServiceContexts.send(second, idle, 2, JobStatusChanged.running("cpu", "trainer-2"));
            ServiceContexts.send(second, idle, 2, loss(0, 5, 2.0));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<Path> files = EventFiles.files(crashed.resolve("crash-open"));
                assertThat(files).hasSize(2);
                assertThat(EventFiles.scalars(files.get(1))).containsExactlyElementsOf(steps(20, 25, 1.0));
                files = EventFiles.files(crashed.resolve("crash-idle"));
                assertThat(files).hasSize(2);
                assertThat(EventFiles.scalars(files.get(1))).containsExactlyElementsOf(steps(0, 5, 2.0));
            });
            // Every event once: what the crash lost, what was read again and what came after.
            assertThat(EventFiles.runScalars(crashed.resolve("crash-open"))).containsExactlyElementsOf(steps(0, 25, 1.0));
            List<Path> openFiles = EventFiles.files(crashed.resolve("crash-open"));
            assertThat(openFiles).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".000001"));
            assertThat(EventFiles.read(openFiles.get(1))).noneMatch(Event::hasSessionLog);
            List<Path> idleFiles = EventFiles.files(crashed.resolve("crash-idle"));
            assertThat(idleFiles.get(0).getFileName().toString()).endsWith(".000001");
            assertThat(idleFiles.get(1).getFileName().toString()).endsWith(".000002");
            Event restart = EventFiles.read(idleFiles.get(1)).get(1);
            assertThat(restart.getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
            assertThat(restart.getStep()).isZero();
            assertThat(ServiceContexts.markers(crashed)).containsExactlyInAnyOrder(open.toString(), idle.toString());
        }
        assertThat(ServiceContexts.markers(crashed)).as("a clean shutdown closes every writer").isEmpty();
    }

    /**
     * Sends steps 10..19 of the job and, once the listener has committed them and waits to append them, copies
     * the job's run and marker to {@code crashed}: what a crash at that moment leaves behind.
     */
    private static void crashAfterCommit(ConfigurableApplicationContext context, UUID job, String run, Path crashed)
            throws IOException {
        Path logdir = context.getBean(RunDirectories.class).logdir();
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        LiveRuns liveRuns = context.getBean(LiveRuns.class);
        synchronized (liveRuns) {
            ServiceContexts.send(context, job, 1, loss(10, 20, 1.0));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc
                    .sql("select count(*) from scalars where job_id = :job").param("job", job)
                    .query(Long.class).single() == 20);
            copyTree(logdir.resolve(run), crashed.resolve(run));
            Path marker = logdir.resolve(UnsyncedRuns.DIRECTORY).resolve(job.toString());
            if (Files.exists(marker)) {
                copyTree(marker, crashed.resolve(UnsyncedRuns.DIRECTORY).resolve(job.toString()));
            }
        }
        // This process lives on: the listener appends and goes on to the next batch.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(EventFiles.runScalars(logdir.resolve(run))).hasSize(20));
    }

    private static ConfigurableApplicationContext start(Path logdir) {
        return ServiceContexts.start(databases.get(), logdir);
    }

    private static UUID register(Api api, String runName) {
        return Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial(runName), null)),
                JobView.class).id();
    }


    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(path, copy);
                }
            }
        }
    }

    private static ScalarsLogged loss(int from, int to, double factor) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint("loss", step, WALL + step, factor * step)).toList());
    }

    private static List<String> steps(int from, int to, double factor) {
        return IntStream.range(from, to).mapToObj(step -> "loss@" + step + "=" + (float) (factor * step)).toList();
    }
}
