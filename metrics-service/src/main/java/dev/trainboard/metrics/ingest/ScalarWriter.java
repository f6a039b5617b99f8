package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.metrics.rollup.RollupBatch;
import dev.trainboard.metrics.rollup.RollupWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLState;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes scalar points into {@code scalar_points}, keyed by series (job, attempt, tag) and step, inside the
 * caller's transaction. A batch is first loaded with binary COPY, the fastest way into PostgreSQL; COPY
 * has no "skip existing rows", so when any point exists already (a redelivery) or repeats within the
 * batch, the COPY is rolled back to a savepoint and the batch goes through {@code on conflict do nothing
 * returning}, which names exactly the points that were new. The series' rollups get the new points only, in
 * the same transaction, so a redelivered or repeated point is never counted twice.
 */
@Repository
class ScalarWriter {

    private static final String BEFORE_COPY = "before_scalar_copy";

    private static final String COPY_POINTS =
            "copy scalar_points (series_id, step, wall_time, value) from stdin (format binary)";

    private static final String INSERT_POINTS = """
            insert into scalar_points (series_id, step, wall_time, value)
            select * from unnest(?::bigint[], ?::bigint[], ?::float8[], ?::float8[])
            on conflict do nothing
            returning series_id, step, wall_time, value""";

    // Only missing series are inserted: on conflict would still draw an identity value per existing series.
    private static final String FIND_SERIES = """
            select series.id, series.job_id, series.attempt, series.tag
            from scalar_series series
            join unnest(?::uuid[], ?::int[], ?::text[]) wanted (job_id, attempt, tag) using (job_id, attempt, tag)""";

    private static final String INSERT_SERIES = """
            insert into scalar_series (job_id, attempt, tag)
            select * from unnest(?::uuid[], ?::int[], ?::text[]) wanted (job_id, attempt, tag)
            on conflict do nothing""";

    private final JdbcTemplate jdbc;
    private final RollupWriter rollups;

    ScalarWriter(JdbcTemplate jdbc, RollupWriter rollups) {
        this.jdbc = jdbc;
        this.rollups = rollups;
    }

    /** Inserts every point of the envelopes, which must all be {@link ScalarsLogged}; says which were new. */
    NewScalars insert(List<EventEnvelope> envelopes) {
        return jdbc.execute((ConnectionCallback<NewScalars>) connection -> {
            Map<ScalarKey, Long> seriesIds = seriesIds(connection, envelopes);
            Points points = Points.of(envelopes, seriesIds);
            // The rollups go first, as if every point were new, so that rolling back to the savepoint undoes them
            // with the points when some were not.
            rollups.write(connection, points.rollups(), "savepoint " + BEFORE_COPY);
            try {
                copy(connection, points);
                execute(connection, "release savepoint " + BEFORE_COPY);
            } catch (SQLException e) {
                if (!PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) {
                    throw e;
                }
                execute(connection, "rollback to savepoint " + BEFORE_COPY);
                RollupBatch fresh = new RollupBatch();
                Set<ScalarKey> inserted = insertNew(connection, points, seriesIds, fresh);
                rollups.write(connection, fresh);
                return NewScalars.only(inserted);
            }
            return NewScalars.all();
        });
    }

    /** The id of every series (job, attempt, tag) of the envelopes, creating the missing ones. */
    private static Map<ScalarKey, Long> seriesIds(Connection connection, List<EventEnvelope> envelopes)
            throws SQLException {
        Set<ScalarKey> wanted = new HashSet<>();
        for (EventEnvelope envelope : envelopes) {
            for (ScalarPoint point : ((ScalarsLogged) envelope.payload()).points()) {
                wanted.add(series(envelope, point.tag()));
            }
        }
        Map<ScalarKey, Long> ids = new HashMap<>();
        findSeries(connection, wanted, ids);
        if (ids.size() < wanted.size()) {
            Set<ScalarKey> missing = new HashSet<>(wanted);
            missing.removeAll(ids.keySet());
            try (PreparedStatement insert = seriesStatement(connection, INSERT_SERIES, missing)) {
                insert.executeUpdate();
            }
            findSeries(connection, missing, ids);
        }
        return ids;
    }

    private static void findSeries(Connection connection, Set<ScalarKey> series, Map<ScalarKey, Long> ids)
            throws SQLException {
        try (PreparedStatement find = seriesStatement(connection, FIND_SERIES, series);
                ResultSet rs = find.executeQuery()) {
            while (rs.next()) {
                ids.put(new ScalarKey(rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4), 0), rs.getLong(1));
            }
        }
    }

    private static PreparedStatement seriesStatement(Connection connection, String sql, Set<ScalarKey> series)
            throws SQLException {
        List<ScalarKey> list = new ArrayList<>(series);
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setArray(1, connection.createArrayOf("uuid", list.stream().map(ScalarKey::jobId).toArray(UUID[]::new)));
        statement.setArray(2, connection.createArrayOf("int4", list.stream().map(ScalarKey::attempt).toArray(Integer[]::new)));
        statement.setArray(3, connection.createArrayOf("text", list.stream().map(ScalarKey::tag).toArray(String[]::new)));
        return statement;
    }

    private static void copy(Connection connection, Points points) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(COPY_POINTS, new ByteArrayInputStream(points.binaryCopy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The keys of the points that were not there yet; adds those points to {@code fresh}. */
    private static Set<ScalarKey> insertNew(Connection connection, Points points, Map<ScalarKey, Long> seriesIds,
            RollupBatch fresh) throws SQLException {
        Map<Long, ScalarKey> seriesById = new HashMap<>();
        seriesIds.forEach((series, id) -> seriesById.put(id, series));
        PGConnection postgres = connection.unwrap(PGConnection.class);
        Set<ScalarKey> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_POINTS)) {
            // The driver's own array factory takes primitive arrays, which saves boxing every point.
            statement.setArray(1, postgres.createArrayOf("int8", points.seriesIds));
            statement.setArray(2, postgres.createArrayOf("int8", points.steps));
            statement.setArray(3, postgres.createArrayOf("float8", points.wallTimes));
            statement.setArray(4, postgres.createArrayOf("float8", points.values));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long seriesId = rs.getLong(1);
                    long step = rs.getLong(2);
                    ScalarKey series = seriesById.get(seriesId);
                    inserted.add(new ScalarKey(series.jobId(), series.attempt(), series.tag(), step));
                    fresh.add(seriesId, step, rs.getDouble(3), rs.getDouble(4));
                }
            }
        }
        return inserted;
    }

    /** A series as a key with step 0. */
    private static ScalarKey series(EventEnvelope envelope, String tag) {
        return new ScalarKey(envelope.jobId(), envelope.attempt(), tag, 0);
    }

    /** The points of a batch as columns. */
    private record Points(long[] seriesIds, long[] steps, double[] wallTimes, double[] values) {

        // PostgreSQL's binary COPY format: signature, flags and header extension length, then per row the
        // field count and each field as length + big-endian value, then -1.
        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        private static final int HEADER_BYTES = SIGNATURE.length + 4 + 4;
        private static final int ROW_BYTES = 2 + 4 * (4 + 8);

        static Points of(List<EventEnvelope> envelopes, Map<ScalarKey, Long> seriesIds) {
            int size = 0;
            for (EventEnvelope envelope : envelopes) {
                size += ((ScalarsLogged) envelope.payload()).points().size();
            }
            Points points = new Points(new long[size], new long[size], new double[size], new double[size]);
            int i = 0;
            for (EventEnvelope envelope : envelopes) {
                for (ScalarPoint point : ((ScalarsLogged) envelope.payload()).points()) {
                    points.seriesIds[i] = seriesIds.get(series(envelope, point.tag()));
                    points.steps[i] = point.step();
                    points.wallTimes[i] = point.wallTime();
                    points.values[i] = point.value();
                    i++;
                }
            }
            return points;
        }

        RollupBatch rollups() {
            RollupBatch batch = new RollupBatch();
            for (int i = 0; i < steps.length; i++) {
                batch.add(seriesIds[i], steps[i], wallTimes[i], values[i]);
            }
            return batch;
        }

        byte[] binaryCopy() {
            ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + steps.length * ROW_BYTES + 2);
            buffer.put(SIGNATURE).putInt(0).putInt(0);
            for (int i = 0; i < steps.length; i++) {
                buffer.putShort((short) 4);
                buffer.putInt(8).putLong(seriesIds[i]);
                buffer.putInt(8).putLong(steps[i]);
                buffer.putInt(8).putDouble(wallTimes[i]);
                buffer.putInt(8).putDouble(values[i]);
            }
            return buffer.putShort((short) -1).array();
        }
    }
}
