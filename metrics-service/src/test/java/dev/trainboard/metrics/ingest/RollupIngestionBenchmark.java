package dev.trainboard.metrics.ingest;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.metrics.bench.LongSeriesBenchmark;
import dev.trainboard.metrics.bench.SwitchableRollupWriter;
import dev.trainboard.metrics.rollup.RollupWriter;
import dev.trainboard.metrics.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What keeping the rollups costs ingestion: the scalar writer storing the same batches (one transaction
 * each, as the events listener stores a poll) with its rollups and with a rollup writer switched off, in
 * alternating rounds, each into a job of its own. Not a test; run it by hand
 * with {@code ./trainboard bench rollups}.
 */
public final class RollupIngestionBenchmark {

    private static final int POINTS_PER_MESSAGE = 100;
    private static final int TAGS = 10;
    private static final int[] MESSAGES_PER_BATCH = {10, 200};
    private static final int POINTS_PER_ROUND = Integer.getInteger("bench.pointsPerRound", 400_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    private RollupIngestionBenchmark() {
    }

    public static void main(String[] args) {
        TestDatabase database = TestDatabase.create();
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(database.url());
            dataSource.setUsername(database.user());
            dataSource.setPassword(database.password());
            Flyway.configure().dataSource(dataSource).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            ScalarWriter withRollups = new ScalarWriter(jdbc, new RollupWriter());
            ScalarWriter withoutRollups = new ScalarWriter(jdbc, new SwitchableRollupWriter().keeping(false));
            round(jdbc, transactions, withRollups, 200);
            round(jdbc, transactions, withoutRollups, 200);
            List<String> report = new ArrayList<>();
            for (int messages : MESSAGES_PER_BATCH) {
                List<Double> with = new ArrayList<>();
                List<Double> without = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    with.add(round(jdbc, transactions, withRollups, messages));
                    without.add(round(jdbc, transactions, withoutRollups, messages));
                }
                double withMedian = median(with);
                double withoutMedian = median(without);
                long rollupRows = jdbc.queryForObject("select count(*) from scalar_rollups", Long.class);
                long points = jdbc.queryForObject("select count(*) from scalar_points", Long.class);
                System.out.printf("batches of %,d points: %,.0f points/s with rollups, %,.0f without (medians of %d"
                        + " alternating rounds of %,d points); rollup rows so far: %,d for %,d points%n",
                        messages * POINTS_PER_MESSAGE, withMedian, withoutMedian, ROUNDS, POINTS_PER_ROUND, rollupRows,
                        points);
                report.add(LongSeriesBenchmark.bench("ingest", "scalar writes with rollups, batches of "
                        + messages * POINTS_PER_MESSAGE + " points", withMedian, "points/s",
                        "the same without rollups", withoutMedian));
            }
            System.out.println();
            report.forEach(System.out::println);
        } finally {
            database.drop();
        }
    }

    /** Points per second storing {@link #POINTS_PER_ROUND} points in batches of {@code messages} messages. */
    private static double round(JdbcTemplate jdbc, TransactionTemplate transactions, ScalarWriter writer,
            int messages) {
        UUID job = UUID.randomUUID();
        jdbc.update("insert into jobs (id, run_name, spec, status, created_at) values (?, ?, '{}'::jsonb, 'RUNNING', now())",
                job, "bench-" + job);
        int batches = POINTS_PER_ROUND / (messages * POINTS_PER_MESSAGE);
        List<List<EventEnvelope>> prepared = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            List<EventEnvelope> batch = new ArrayList<>(messages);
            for (int m = 0; m < messages; m++) {
                batch.add(message(job, b * messages + m));
            }
            prepared.add(batch);
        }
        long started = System.nanoTime();
        for (List<EventEnvelope> batch : prepared) {
            transactions.executeWithoutResult(status -> writer.insert(batch));
        }
        return (double) batches * messages * POINTS_PER_MESSAGE / ((System.nanoTime() - started) / 1e9);
    }

    /** Message i: steps [10i, 10i + 10) of tags t0..t9, as the ingestion benchmark sends. */
    private static EventEnvelope message(UUID job, int i) {
        int steps = POINTS_PER_MESSAGE / TAGS;
        List<ScalarPoint> points = new ArrayList<>(POINTS_PER_MESSAGE);
        for (int s = 0; s < steps; s++) {
            long step = (long) i * steps + s;
            for (int t = 0; t < TAGS; t++) {
                points.add(new ScalarPoint("t" + t, step, 1.7e9 + step, Math.sin(step * 0.01 + t)));
            }
        }
        return new EventEnvelope(EventEnvelope.SCHEMA_VERSION, job, 1, Instant.now(), new ScalarsLogged(points));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
