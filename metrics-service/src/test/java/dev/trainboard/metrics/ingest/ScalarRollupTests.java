package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.metrics.query.SeriesReader;
import dev.trainboard.metrics.rollup.RollupBuilder;
import dev.trainboard.metrics.rollup.RollupVerifier;
import dev.trainboard.metrics.rollup.RollupWriter;
import dev.trainboard.metrics.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollups the scalar writer keeps, against a real PostgreSQL: random series arriving in random order, in
 * random batches, some of them twice, must leave rollups equal to a brute-force computation from the points,
 * and reads from them must agree with brute-force first, last, lowest and highest points over random ranges.
 */
class ScalarRollupTests {

    private static TestDatabase database;
    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static ScalarWriter writer;
    private static RollupVerifier verifier;
    private static SeriesReader reader;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        writer = new ScalarWriter(jdbc, new RollupWriter());
        verifier = new RollupVerifier(JdbcClient.create(dataSource));
        reader = new SeriesReader(JdbcClient.create(dataSource));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void randomSeriesInRandomOrderWithRedeliveriesGiveRollupsAndReadsEqualToBruteForce() {
        Random random = new Random(29);
        for (int trial = 0; trial < 6; trial++) {
            UUID job = job();
            List<ScalarPoint> series = randomSeries(random, "loss", 1 + random.nextInt(trial < 3 ? 1_000 : 5_000));
            ingestShuffledWithRedeliveries(random, job, series);

            assertThat(verifier.verify(job).mismatches()).as("trial %d", trial).isEmpty();
            for (int range = 0; range < 10; range++) {
                long last = series.get(series.size() - 1).step();
                long from = random.nextInt(3) == 0 ? 0 : (long) (random.nextDouble() * last);
                long to = random.nextInt(3) == 0 ? Long.MAX_VALUE : from + (long) (random.nextDouble() * (last - from + 10));
                List<ScalarPoint> inRange = series.stream().filter(p -> p.step() >= from && p.step() <= to).toList();

                // One output bucket: exactly the first, lowest, highest and last point of the range.
                assertThat(reader.read(job, "loss", from, to, 4).points()).as("trial %d, [%d, %d]", trial, from, to)
                        .containsExactlyElementsOf(bruteForceEnds(inRange));
                int maxPoints = 4 + random.nextInt(2_000);
                SeriesReader.Downsampled read = reader.read(job, "loss", from, to, maxPoints);
                assertThat(read.points()).hasSizeLessThanOrEqualTo(maxPoints);
                assertThat(inRange).containsAll(read.points());
                assertThat(read.points()).extracting(ScalarPoint::step).isSorted().doesNotHaveDuplicates();
                if (inRange.size() <= maxPoints) {
                    assertThat(read.points()).containsExactlyElementsOf(inRange);
                    assertThat(read.resolution()).isEqualTo(1);
                } else {
                    assertThat(read.points()).containsAll(bruteForceEnds(inRange));
                }
            }
        }
    }

    @Test
    void pointsSentTwiceOrOutOfOrderAreCountedOnce() {
        UUID job = job();
        List<ScalarPoint> late = points(0, 100);
        List<ScalarPoint> early = points(100, 300);

        insert(job, early);
        insert(job, late);
        insert(job, early);
        insert(job, points(50, 150));

        assertThat(verifier.verify(job).consistent()).isTrue();
        assertThat(jdbc.queryForObject("""
                select r.count from scalar_rollups r join scalar_series s on s.id = r.series_id
                where s.job_id = ? and r.level = 7""", Long.class, job)).isEqualTo(300);
    }

    @Test
    void rollupsRebuiltFromThePointsEqualThoseKeptByIngestionAndAnswerTheSame() throws Exception {
        Random random = new Random(7);
        UUID job = job();
        List<ScalarPoint> series = randomSeries(random, "loss", 10_000);
        ingestShuffledWithRedeliveries(random, job, series);
        List<String> kept = rollups(job);
        SeriesReader.Downsampled before = reader.read(job, "loss", 10_000, 250_000, 400);

        long seriesId = jdbc.queryForObject("select id from scalar_series where job_id = ?", Long.class, job);
        transactions.executeWithoutResult(status -> jdbc.execute((java.sql.Connection connection) -> {
            new RollupBuilder().rebuild(connection, seriesId);
            return null;
        }));

        assertThat(rollups(job)).isEqualTo(kept).isNotEmpty();
        assertThat(reader.read(job, "loss", 10_000, 250_000, 400)).isEqualTo(before);
        assertThat(before.resolution()).isGreaterThan(1);
    }

    @Test
    void aBrokenRollupIsReported() {
        UUID job = job();
        insert(job, points(0, 100));
        jdbc.update("""
                update scalar_rollups set max_value = max_value + 1
                where series_id = (select id from scalar_series where job_id = ?) and level = 1 and bucket = 2""", job);

        RollupVerifier.Report report = verifier.verify(job);

        assertThat(report.series()).isEqualTo(1);
        assertThat(report.mismatches()).extracting(RollupVerifier.Mismatch::level, RollupVerifier.Mismatch::bucket)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2L));
    }

    @Test
    void theV7MigrationRollsUpTheSeriesStoredBefore() {
        TestDatabase old = TestDatabase.create();
        try {
            DataSource oldSource = new DriverManagerDataSource(old.url(), old.user(), old.password());
            Flyway.configure().dataSource(oldSource).target("7").load().migrate();
            JdbcTemplate oldJdbc = new JdbcTemplate(oldSource);
            UUID job = UUID.randomUUID();
            oldJdbc.update("insert into jobs (id, run_name, spec, status, created_at)"
                    + " values (?, 'old', '{}'::jsonb, 'SUCCEEDED', now())", job);
            oldJdbc.update("insert into scalar_series (job_id, attempt, tag) values (?, 1, 'loss'), (?, 2, 'loss')",
                    job, job);
            oldJdbc.update("insert into scalar_points (series_id, step, wall_time, value)"
                    + " select s.id, g, 100 + g, sin(g) * s.attempt from scalar_series s, generate_series(0, 5000) g"
                    + " where s.job_id = ?", job);

            Flyway.configure().dataSource(oldSource).load().migrate();

            RollupVerifier.Report report = new RollupVerifier(JdbcClient.create(oldSource)).verify(job);
            assertThat(report.series()).isEqualTo(2);
            assertThat(report.mismatches()).isEmpty();
            assertThat(oldJdbc.queryForObject("select sum(count) from scalar_rollups where level = 1", Long.class))
                    .isEqualTo(2 * 5001);
        } finally {
            old.drop();
        }
    }

    /**
     * Random steps (dense stretches and gaps), values with ties and spikes, wall times that differ from the
     * steps.
     */
    private static List<ScalarPoint> randomSeries(Random random, String tag, int size) {
        List<ScalarPoint> series = new ArrayList<>(size);
        long step = random.nextInt(100);
        for (int i = 0; i < size; i++) {
            double value = switch (random.nextInt(10)) {
                case 0 -> 1.0;
                case 1 -> random.nextGaussian() * 1_000;
                default -> Math.round(random.nextGaussian() * 20) / 4.0;
            };
            series.add(new ScalarPoint(tag, step, 1_000 + step * 0.5 + random.nextDouble(), value));
            step += random.nextInt(4) == 0 ? 1 + random.nextInt(300) : 1;
        }
        return series;
    }

    /** The points in batches of random size, shuffled, with a quarter of the batches delivered twice. */
    private static void ingestShuffledWithRedeliveries(Random random, UUID job, List<ScalarPoint> series) {
        List<ScalarPoint> shuffled = new ArrayList<>(series);
        Collections.shuffle(shuffled, random);
        List<List<ScalarPoint>> batches = new ArrayList<>();
        for (int i = 0; i < shuffled.size(); ) {
            int size = Math.min(shuffled.size() - i, 1 + random.nextInt(4_000));
            List<ScalarPoint> batch = new ArrayList<>(shuffled.subList(i, i + size));
            batch.sort(Comparator.comparingLong(ScalarPoint::step));
            batches.add(batch);
            i += size;
        }
        for (List<ScalarPoint> batch : batches) {
            insert(job, batch);
            if (random.nextInt(4) == 0) {
                insert(job, batch.subList(0, batch.size() / 2 + 1));
            }
        }
    }

    /** First, lowest (earliest of equals), highest (earliest of equals) and last point, in step order. */
    private static List<ScalarPoint> bruteForceEnds(List<ScalarPoint> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        ScalarPoint min = points.get(0);
        ScalarPoint max = points.get(0);
        for (ScalarPoint point : points) {
            min = point.value() < min.value() ? point : min;
            max = point.value() > max.value() ? point : max;
        }
        return java.util.stream.Stream.of(points.get(0), min, max, points.get(points.size() - 1)).distinct()
                .sorted(Comparator.comparingLong(ScalarPoint::step)).toList();
    }

    private static void insert(UUID job, List<ScalarPoint> points) {
        transactions.executeWithoutResult(status -> writer.insert(List.of(new EventEnvelope(
                EventEnvelope.SCHEMA_VERSION, job, 1, Instant.now(), new ScalarsLogged(points)))));
    }

    private static List<String> rollups(UUID job) {
        return jdbc.query("""
                select r.* from scalar_rollups r join scalar_series s on s.id = r.series_id where s.job_id = ?
                order by level, bucket""", (rs, row) -> {
            StringBuilder text = new StringBuilder();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                text.append(rs.getObject(c)).append('/');
            }
            return text.toString();
        }, job);
    }

    private static List<ScalarPoint> points(long from, long to) {
        return LongStream.range(from, to).mapToObj(step -> new ScalarPoint("loss", step, 100.0 + step, Math.sin(step)))
                .toList();
    }

    private static UUID job() {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into jobs (id, run_name, spec, status, created_at) values (?, ?, '{}'::jsonb, 'RUNNING', now())",
                id, "run-" + id);
        return id;
    }
}
