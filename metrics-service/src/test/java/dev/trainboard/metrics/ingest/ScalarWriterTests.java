package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.metrics.rollup.RollupWriter;
import dev.trainboard.metrics.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scalar writer against a real PostgreSQL migrated by Flyway: the COPY path for new points, the fallback
 * that names exactly the new points when some exist already, and the V3 migration of rows stored under V2.
 */
class ScalarWriterTests {

    private static TestDatabase database;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static ScalarWriter writer;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create();
        DataSource dataSource = dataSource(database);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        writer = new ScalarWriter(jdbc, new RollupWriter());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void newPointsAreCopiedAndAllReportedNew() {
        UUID job = job(jdbc);

        NewScalars inserted = insert(envelope(job, 1, points("loss", 0, 50, 1.0)),
                envelope(job, 1, points("accuracy", 0, 50, 2.0)));

        assertThat(inserted.everyPoint()).isTrue();
        assertThat(stored(job, "loss")).containsExactlyElementsOf(points("loss", 0, 50, 1.0));
        assertThat(stored(job, "accuracy")).containsExactlyElementsOf(points("accuracy", 0, 50, 2.0));
    }

    @Test
    void aBatchOverlappingStoredPointsNamesOnlyTheNewOnesAndKeepsTheFirstValues() {
        UUID job = job(jdbc);
        insert(envelope(job, 1, points("loss", 0, 10, 1.0)));

        NewScalars inserted = insert(envelope(job, 1, points("loss", 5, 15, 7.0)),
                envelope(job, 1, points("accuracy", 0, 3, 2.0)));

        assertThat(inserted.everyPoint()).isFalse();
        for (long step = 5; step < 10; step++) {
            assertThat(inserted.claim(new ScalarKey(job, 1, "loss", step))).as("loss@%d", step).isFalse();
        }
        for (long step = 10; step < 15; step++) {
            assertThat(inserted.claim(new ScalarKey(job, 1, "loss", step))).as("loss@%d", step).isTrue();
        }
        for (long step = 0; step < 3; step++) {
            assertThat(inserted.claim(new ScalarKey(job, 1, "accuracy", step))).as("accuracy@%d", step).isTrue();
        }
        List<ScalarPoint> expected = new ArrayList<>(points("loss", 0, 10, 1.0));
        expected.addAll(points("loss", 10, 15, 7.0));
        assertThat(stored(job, "loss")).containsExactlyElementsOf(expected);
        assertThat(stored(job, "accuracy")).containsExactlyElementsOf(points("accuracy", 0, 3, 2.0));
    }

    @Test
    void aPointRepeatedWithinABatchIsStoredAndClaimedOnce() {
        UUID job = job(jdbc);

        NewScalars inserted = insert(envelope(job, 1, List.of(new ScalarPoint("loss", 3, 1.0, 0.5))),
                envelope(job, 1, List.of(new ScalarPoint("loss", 3, 2.0, 0.9))));

        assertThat(inserted.everyPoint()).isFalse();
        assertThat(inserted.claim(new ScalarKey(job, 1, "loss", 3))).isTrue();
        assertThat(inserted.claim(new ScalarKey(job, 1, "loss", 3))).isFalse();
        assertThat(stored(job, "loss")).containsExactly(new ScalarPoint("loss", 3, 1.0, 0.5));
    }

    @Test
    void theTransactionCarriesOnAfterTheCopyFellBack() {
        UUID job = job(jdbc);
        insert(envelope(job, 1, points("loss", 0, 2, 1.0)));

        transactions.executeWithoutResult(status -> {
            writer.insert(List.of(envelope(job, 1, points("loss", 0, 4, 1.0))));
            writer.insert(List.of(envelope(job, 1, points("lr", 0, 2, 3.0))));
        });

        assertThat(stored(job, "loss")).containsExactlyElementsOf(points("loss", 0, 4, 1.0));
        assertThat(stored(job, "lr")).containsExactlyElementsOf(points("lr", 0, 2, 3.0));
    }

    @Test
    void attemptsKeepTheirOwnPointsAndAFailedTransactionLeavesNothing() {
        UUID job = job(jdbc);
        insert(envelope(job, 1, points("loss", 0, 3, 1.0)));

        NewScalars second = insert(envelope(job, 2, points("loss", 0, 3, 2.0)));
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            writer.insert(List.of(envelope(job, 3, points("loss", 0, 3, 3.0))));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(second.everyPoint()).isTrue();
        assertThat(jdbc.queryForList("select attempt from scalars where job_id = ? and step = 1 order by attempt",
                Integer.class, job)).containsExactly(1, 2);
        assertThat(jdbc.queryForObject("select count(*) from scalar_series where job_id = ?", Long.class, job))
                .isEqualTo(2);
    }

    @Test
    void theV3MigrationMovesScalarsStoredUnderV2() {
        TestDatabase old = TestDatabase.create();
        try {
            DataSource dataSource = dataSource(old);
            Flyway.configure().dataSource(dataSource).target("2").load().migrate();
            JdbcTemplate oldJdbc = new JdbcTemplate(dataSource);
            UUID job = job(oldJdbc);
            for (int attempt = 1; attempt <= 2; attempt++) {
                for (String tag : List.of("loss", "accuracy")) {
                    for (long step = 0; step < 4; step++) {
                        oldJdbc.update("insert into scalars (job_id, attempt, tag, step, wall_time, value)"
                                + " values (?, ?, ?, ?, ?, ?)", job, attempt, tag, step, 10.0 + step, attempt * step);
                    }
                }
            }
            List<String> before = rows(oldJdbc, job);

            Flyway.configure().dataSource(dataSource).load().migrate();

            assertThat(rows(oldJdbc, job)).hasSize(16).isEqualTo(before);
            assertThat(oldJdbc.queryForObject("select count(*) from scalar_series", Long.class)).isEqualTo(4);
            assertThat(oldJdbc.queryForObject("select count(*) from scalar_points", Long.class)).isEqualTo(16);
        } finally {
            old.drop();
        }
    }

    private static NewScalars insert(EventEnvelope... envelopes) {
        return transactions.execute(status -> writer.insert(List.of(envelopes)));
    }

    private static List<ScalarPoint> stored(UUID job, String tag) {
        return jdbc.query("select tag, step, wall_time, value from scalars where job_id = ? and tag = ? order by step",
                (rs, row) -> new ScalarPoint(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4)),
                job, tag);
    }

    private static List<String> rows(JdbcTemplate jdbc, UUID job) {
        return jdbc.query("select * from scalars where job_id = ? order by attempt, tag, step",
                (rs, row) -> rs.getObject(1) + "/" + rs.getInt(2) + "/" + rs.getString(3) + "/" + rs.getLong(4)
                        + "/" + rs.getDouble(5) + "/" + rs.getDouble(6), job);
    }

    private static UUID job(JdbcTemplate jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into jobs (id, run_name, spec, status, created_at) values (?, ?, '{}'::jsonb, 'RUNNING', now())",
                id, "run-" + id);
        return id;
    }

    private static EventEnvelope envelope(UUID job, int attempt, List<ScalarPoint> points) {
        return new EventEnvelope(EventEnvelope.SCHEMA_VERSION, job, attempt, Instant.now(), new ScalarsLogged(points));
    }

    /** Steps [from, to) of a tag, value = scale * step, wall time = 100 + step. */
    private static List<ScalarPoint> points(String tag, long from, long to, double scale) {
        return LongStream.range(from, to).mapToObj(step -> new ScalarPoint(tag, step, 100.0 + step, scale * step))
                .toList();
    }

    private static DataSource dataSource(TestDatabase database) {
        return new DriverManagerDataSource(database.url(), database.user(), database.password());
    }
}
