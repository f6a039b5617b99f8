package dev.trainboard.metrics.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

/**
 * Adds a batch of rollups to {@code scalar_rollups} on the caller's connection and transaction: a bucket not
 * there yet is inserted, one that is gets the batch's summary merged in by the database, under the row lock,
 * so concurrent writers of one series stay right.
 */
@Component
public class RollupWriter {

    private static final String UPSERT = """
            insert into scalar_rollups as r (series_id, level, bucket, count,
                first_step, first_wall_time, first_value, last_step, last_wall_time, last_value,
                min_step, min_wall_time, min_value, max_step, max_wall_time, max_value)
            select * from unnest(?::bigint[], ?::int[], ?::bigint[], ?::bigint[],
                ?::bigint[], ?::float8[], ?::float8[], ?::bigint[], ?::float8[], ?::float8[],
                ?::bigint[], ?::float8[], ?::float8[], ?::bigint[], ?::float8[], ?::float8[])
            on conflict (series_id, level, bucket) do update set count = r.count + excluded.count,
            """ + Stream.of(
                    replace("first", "excluded.first_step < r.first_step"),
                    replace("last", "excluded.last_step > r.last_step"),
                    replace("min", "excluded.min_value < r.min_value"
                            + " or (excluded.min_value = r.min_value and excluded.min_step < r.min_step)"),
                    replace("max", "excluded.max_value > r.max_value"
                            + " or (excluded.max_value = r.max_value and excluded.max_step < r.max_step)"))
            .collect(Collectors.joining(",\n"));

    /** Sets the three columns of one of the summary's points to the incoming one's where it wins. */
    private static String replace(String point, String incomingWins) {
        return Stream.of("step", "wall_time", "value")
                .map(column -> "%1$s_%2$s = case when %3$s then excluded.%1$s_%2$s else r.%1$s_%2$s end"
                        .formatted(point, column, incomingWins))
                .collect(Collectors.joining(",\n"));
    }

    public void write(Connection connection, RollupBatch batch) throws SQLException {
        if (!batch.isEmpty()) {
            upsert(connection, UPSERT, batch);
        }
    }

    /**
     * Runs {@code first}, a statement without parameters, and then adds the batch, in one round trip: ingestion
     * takes its savepoint this way, so keeping the rollups costs it no round trip of its own, which on a busy
     * machine cost more than the upsert (docs/benchmarks.md).
     */
    public void write(Connection connection, RollupBatch batch, String first) throws SQLException {
        if (batch.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(first);
            }
        } else {
            // The driver sends the statements of one string together and waits once, for the last.
            upsert(connection, first + ";\n" + UPSERT, batch);
        }
    }

    private static void upsert(Connection connection, String sql, RollupBatch batch) throws SQLException {
        List<Map.Entry<RollupBatch.Key, BucketSummary>> rows = batch.rows();
        Columns columns = new Columns(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            columns.set(i, rows.get(i).getKey(), rows.get(i).getValue());
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            Object[] arrays = columns.arrays();
            String[] types = {"int8", "int4", "int8", "int8", "int8", "float8", "float8", "int8", "float8", "float8",
                    "int8", "float8", "float8", "int8", "float8", "float8"};
            for (int i = 0; i < arrays.length; i++) {
                // The driver's own array factory takes primitive arrays, which saves boxing every value.
                upsert.setArray(i + 1, postgres.createArrayOf(types[i], arrays[i]));
            }
            upsert.execute();
        }
    }

    /** The rows as one primitive array per column. */
    private record Columns(long[] seriesIds, int[] levels, long[] buckets, long[] counts,
            long[] firstSteps, double[] firstWallTimes, double[] firstValues,
            long[] lastSteps, double[] lastWallTimes, double[] lastValues,
            long[] minSteps, double[] minWallTimes, double[] minValues,
            long[] maxSteps, double[] maxWallTimes, double[] maxValues) {

        Columns(int size) {
            this(new long[size], new int[size], new long[size], new long[size],
                    new long[size], new double[size], new double[size], new long[size], new double[size],
                    new double[size], new long[size], new double[size], new double[size], new long[size],
                    new double[size], new double[size]);
        }

        void set(int i, RollupBatch.Key key, BucketSummary s) {
            seriesIds[i] = key.seriesId();
            levels[i] = key.level();
            buckets[i] = key.bucket();
            counts[i] = s.count;
            firstSteps[i] = s.firstStep;
            firstWallTimes[i] = s.firstWallTime;
            firstValues[i] = s.firstValue;
            lastSteps[i] = s.lastStep;
            lastWallTimes[i] = s.lastWallTime;
            lastValues[i] = s.lastValue;
            minSteps[i] = s.minStep;
            minWallTimes[i] = s.minWallTime;
            minValues[i] = s.minValue;
            maxSteps[i] = s.maxStep;
            maxWallTimes[i] = s.maxWallTime;
            maxValues[i] = s.maxValue;
        }

        Object[] arrays() {
            return new Object[] {seriesIds, levels, buckets, counts, firstSteps, firstWallTimes, firstValues,
                    lastSteps, lastWallTimes, lastValues, minSteps, minWallTimes, minValues, maxSteps, maxWallTimes,
                    maxValues};
        }
    }
}
