package dev.trainboard.metrics.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.check.RunCheck;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.ServiceContexts;
import dev.trainboard.metrics.support.DatabasePerClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances in one consumer group share a database and a log dir, as replicas do. Each writes only the
 * runs of the partitions it was assigned, the one joining later leaves the other's open runs alone, a rebuild
 * of another instance's run is refused naming that instance, and an instance whose lock session died while
 * someone else took its partition's lock stores nothing for that partition until the lock is free again.
 */
class RunOwnershipIntegrationTests {

    private static final double WALL = 1.8e9;

    @TempDir
    static Path workDir;

    @RegisterExtension
    static final DatabasePerClass databases = new DatabasePerClass();

    @Test
    void eachRunHasOneWriterAndNoInstanceTouchesAnotherOnesRuns() throws Exception {
        Path logdir = workDir.resolve("runs");
        String group = "metrics-ownership-" + UUID.randomUUID();
        try (ConfigurableApplicationContext first = start(logdir, group)) {
            String firstId = first.getBean(PartitionLocks.class).instance();
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> owners(jdbc).values().stream()
                    .filter(firstId::equals).count() == 3);

            // A job on every partition, each with an open writer (and so a marker) on the first instance.
            Map<UUID, String> runs = registerOnEveryPartition(new Api(ServiceContexts.port(first)), first.getBean(EventPartitions.class));
            for (UUID job : runs.keySet()) {
                send(first, job, JobStatusChanged.running("cpu", "trainer-1"));
                send(first, job, loss(0, 10));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> runs.forEach((job, run) ->
                    assertThat(EventFiles.runScalars(logdir.resolve(run))).as(run).hasSize(10)));
            Map<UUID, Object> firstFiles = new LinkedHashMap<>();
            for (UUID job : runs.keySet()) {
                firstFiles.put(job, fileKey(EventFiles.files(logdir.resolve(runs.get(job))).get(0)));
            }

            try (ConfigurableApplicationContext second = start(logdir, group)) {
                String secondId = second.getBean(PartitionLocks.class).instance();
                await().atMost(Duration.ofSeconds(60)).until(() -> owners(jdbc).containsValue(secondId)
                        && owners(jdbc).size() == 3);
                Map<Integer, String> owners = owners(jdbc);
                EventPartitions partitions = first.getBean(EventPartitions.class);
                UUID firstsJob = runs.keySet().stream()
                        .filter(job -> owners.get(partitions.of(job)).equals(firstId)).findFirst().orElseThrow();
                UUID secondsJob = runs.keySet().stream()
                        .filter(job -> owners.get(partitions.of(job)).equals(secondId)).findFirst().orElseThrow();

                // The second instance took its partition without rebuilding the runs the first one still writes.
                assertThat(ServiceContexts.markers(logdir)).contains(firstsJob.toString());
                assertThat(fileKey(EventFiles.files(logdir.resolve(runs.get(firstsJob))).get(0)))
                        .isEqualTo(firstFiles.get(firstsJob));

                Api firstApi = new Api(ServiceContexts.port(first));
                Api secondApi = new Api(ServiceContexts.port(second));
                ResponseEntity<String> refused = secondApi.post("/internal/admin/rebuild?run=" + runs.get(firstsJob), null);
                assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(Api.json(refused).get("owner").asString()).isEqualTo(firstId);
                assertThat(Api.json(refused).get("detail").asString()).contains(firstId, "rebuild");
                assertThat(firstApi.post("/internal/admin/rebuild?run=" + runs.get(firstsJob), null).getStatusCode())
                        .isEqualTo(HttpStatus.OK);
                var all = Api.json(secondApi.post("/internal/admin/rebuild", null));
                assertThat(all.get("runs").valueStream().map(n -> n.asString()).toList())
                        .contains(runs.get(secondsJob)).doesNotContain(runs.get(firstsJob));
                assertThat(all.get("ownedElsewhere").valueStream().map(n -> n.get("run").asString()).toList())
                        .contains(runs.get(firstsJob));

                for (UUID job : runs.keySet()) {
                    send(second, job, loss(10, 20));
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> runs.forEach((job, run) ->
                        assertThat(EventFiles.runScalars(logdir.resolve(run))).as(run).containsExactlyElementsOf(steps(0, 20))));

                // The first instance's lock session dies and another session takes its partition's lock.
                int partition = partitions.of(firstsJob);
                try (Connection other = databases.get().connect();
                        Statement statement = other.createStatement()) {
                    statement.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                            + "where application_name = 'trainboard-partition-locks " + firstId + "'");
                    statement.execute("select pg_advisory_lock(" + PartitionLocks.LOCK_SPACE + ", " + partition + ")");
                    send(first, firstsJob, loss(20, 30));
                    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                            .until(() -> storedPoints(jdbc, firstsJob) == 20);
                    assertThat(EventFiles.runScalars(logdir.resolve(runs.get(firstsJob)))).hasSize(20);
                    statement.execute("select pg_advisory_unlock(" + PartitionLocks.LOCK_SPACE + ", " + partition + ")");
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(storedPoints(jdbc, firstsJob)).isEqualTo(30);
                    assertThat(EventFiles.runScalars(logdir.resolve(runs.get(firstsJob)))).containsExactlyElementsOf(steps(0, 30));
                });
                runs.forEach((job, run) -> assertThat(storedPoints(jdbc, job)).as(run)
                        .isEqualTo(EventFiles.runScalars(logdir.resolve(run)).size()));
            }
        }
        assertThat(ServiceContexts.markers(logdir)).as("clean shutdowns close every writer").isEmpty();
        try (Connection connection = databases.get().connect()) {
            assertThat(new RunCheck(connection, logdir).check(List.of(), System.out)).isTrue();
        }
    }

    /** Registers jobs until every partition has at least one; returns job id to run name. */
    private static Map<UUID, String> registerOnEveryPartition(Api api, EventPartitions partitions) {
        Map<UUID, String> runs = new LinkedHashMap<>();
        for (int i = 0; runs.keySet().stream().map(partitions::of).distinct().count() < 3; i++) {
            String run = "owned-" + i;
            runs.put(Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial(run), null)),
                    JobView.class).id(), run);
        }
        return runs;
    }

    private static Map<Integer, String> owners(JdbcClient jdbc) {
        Map<Integer, String> owners = new LinkedHashMap<>();
        jdbc.sql("select partition_id, instance from event_file_owners order by partition_id")
                .query((rs, row) -> owners.put(rs.getInt(1), rs.getString(2))).list();
        return owners;
    }

    private static long storedPoints(JdbcClient jdbc, UUID job) {
        return jdbc.sql("select count(*) from scalars where job_id = :job").param("job", job).query(Long.class).single();
    }

    private static ConfigurableApplicationContext start(Path logdir, String group) {
        return ServiceContexts.start(databases.get(), logdir,
                "--spring.kafka.consumer.group-id=" + group, "--spring.kafka.listener.concurrency=1");
    }

    private static void send(ConfigurableApplicationContext context, UUID job, EventPayload payload) {
        ServiceContexts.send(context, job, 1, payload);
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }


    private static ScalarsLogged loss(int from, int to) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint("loss", step, WALL + step, step)).toList());
    }

    private static List<String> steps(int from, int to) {
        return IntStream.range(from, to).mapToObj(step -> "loss@" + step + "=" + (float) step).toList();
    }
}
