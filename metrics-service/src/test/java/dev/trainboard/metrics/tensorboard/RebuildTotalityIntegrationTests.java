package dev.trainboard.metrics.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.jobs.JobRegistry;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.WithTestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
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

/**
 * A run that cannot be rebuilt (rows no rebuild can write, as a database from before admission may hold) is
 * reported and skipped: rebuild-all, a single rebuild and startup repair go on with the other runs, the staging
 * directory inside the log dir is gone afterwards, and nothing is written outside the log dir.
 */
@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class RebuildTotalityIntegrationTests {

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JobRegistry registry;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    UnsyncedRuns unsynced;

    @Autowired
    PartitionRepair partitionRepair;

    @Autowired
    EventPartitions partitions;

    @Test
    void aRunThatCannotBeRebuiltIsReportedAndTheOthersAreRebuilt() throws Exception {
        UUID good = register("rebuildable");
        UUID broken = register("broken");
        insertScalar(good, "loss", 3, 0.5);
        insertScalar(broken, "loss", 3, 0.5);
        // An embedding no event file layer can write: its tag would be the run's parent directory.
        jdbc.sql("""
                        insert into embeddings (job_id, attempt, tag, step, vectors, labels, sprite, sprite_cell_size)
                        values (:job, 1, '..', 1, '[[1.0]]', '["a"]', null, 0)""")
                .param("job", broken).update();
        Path logdir = workDir.resolve("runs");
        Api api = new Api(port);

        ResponseEntity<String> all = api.post("/internal/admin/rebuild", null);

        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Api.json(all).get("runs").toString()).isEqualTo("[\"rebuildable\"]");
        assertThat(Api.json(all).get("failed").get(0).get("run").asString()).isEqualTo("broken");
        assertThat(Api.json(all).get("failed").get(0).get("reason").asString()).contains("embedding tag");
        assertThat(EventFiles.scalars(EventFiles.files(logdir.resolve("rebuildable")).get(0)))
                .containsExactly("loss@3=0.5");
        assertThat(meters.counter("trainboard.tensorboard.rebuild.failures").count()).isEqualTo(1);

        ResponseEntity<String> one = api.post("/internal/admin/rebuild?run=broken", null);

        assertThat(one.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(Api.json(one).get("run").asString()).isEqualTo("broken");
        assertThat(Api.json(one).get("detail").asString()).contains("broken", "embedding tag");

        // As after a crash in the middle of a rebuild, with both runs marked: taking their partitions again goes
        // through both.
        Files.createDirectories(logdir.resolve(Rebuilder.STAGING).resolve(broken + "/broken"));
        Files.writeString(logdir.resolve(Rebuilder.STAGING).resolve(broken + "/broken/partial"), "x");
        unsynced.markDamaged(good);
        unsynced.markDamaged(broken);
        Stream.of(good, broken).map(partitions::of).distinct().forEach(partitionRepair::repair);

        assertThat(unsynced.markedOnDisk()).containsExactly(broken);
        assertThat(meters.counter("trainboard.tensorboard.rebuild.failures").count()).isEqualTo(3);
        try (Stream<Path> outside = Files.list(workDir); Stream<Path> inside = Files.list(logdir)) {
            assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("runs");
            assertThat(inside.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("rebuildable", UnsyncedRuns.DIRECTORY);
        }
    }

    private UUID register(String runName) {
        return registry.register(new RegisterJobRequest(JobSpec.tutorial(runName), null)).job().id();
    }

    private void insertScalar(UUID job, String tag, long step, double value) {
        long series = jdbc.sql("insert into scalar_series (job_id, attempt, tag) values (:job, 1, :tag) returning id")
                .param("job", job).param("tag", tag).query(Long.class).single();
        jdbc.sql("insert into scalar_points (series_id, step, wall_time, value) values (:series, :step, 1.7e9, :value)")
                .param("series", series).param("step", step).param("value", value).update();
    }
}
