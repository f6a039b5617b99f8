package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.metrics.system.Json;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.stereotype.Repository;

/**
 * Inserts metric events other than scalars ({@link ScalarWriter}). Every insert skips rows whose key exists
 * already and reports which rows it actually wrote, so a redelivered event is neither stored nor appended to
 * an event file twice.
 */
@Repository
class MetricRepository {

    private final JdbcTemplate jdbc;

    MetricRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    int[] insertImages(List<EventEnvelope> envelopes) {
        return batch("""
                insert into images (job_id, attempt, tag, step, wall_time, width, height, channels, png)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", envelopes, (ps, e) -> {
            ImageLogged image = (ImageLogged) e.payload();
            keys(ps, e, image.tag(), image.step(), image.wallTime());
            ps.setInt(6, image.width());
            ps.setInt(7, image.height());
            ps.setInt(8, image.channels());
            ps.setBytes(9, image.png());
        });
    }

    int[] insertGraphs(List<EventEnvelope> envelopes) {
        return batch("""
                insert into graphs (job_id, attempt, logged_at, nodes) values (?, ?, ?, ?::jsonb)
                on conflict do nothing""", envelopes, (ps, e) -> {
            ps.setObject(1, e.jobId());
            ps.setInt(2, e.attempt());
            ps.setTimestamp(3, Timestamp.from(e.emittedAt()));
            ps.setString(4, Json.write(((GraphLogged) e.payload()).nodes()));
        });
    }

    int[] insertHistograms(List<EventEnvelope> envelopes) {
        return batch("""
                insert into histograms (job_id, attempt, tag, step, wall_time, min, max, num, sum, sum_squares,
                    bucket_limits, bucket_counts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", envelopes, (ps, e) -> {
            HistogramLogged h = (HistogramLogged) e.payload();
            keys(ps, e, h.tag(), h.step(), h.wallTime());
            ps.setDouble(6, h.min());
            ps.setDouble(7, h.max());
            ps.setDouble(8, h.num());
            ps.setDouble(9, h.sum());
            ps.setDouble(10, h.sumSquares());
            ps.setArray(11, doubles(ps.getConnection(), h.bucketLimits()));
            ps.setArray(12, doubles(ps.getConnection(), h.bucketCounts()));
        });
    }

    int[] insertPrCurves(List<EventEnvelope> envelopes) {
        return batch("""
                insert into pr_curves (job_id, attempt, tag, step, wall_time, num_thresholds, true_positives,
                    false_positives, true_negatives, false_negatives, precision, recall)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", envelopes, (ps, e) -> {
            PrCurveLogged c = (PrCurveLogged) e.payload();
            keys(ps, e, c.tag(), c.step(), c.wallTime());
            ps.setInt(6, c.numThresholds());
            ps.setArray(7, doubles(ps.getConnection(), c.truePositives()));
            ps.setArray(8, doubles(ps.getConnection(), c.falsePositives()));
            ps.setArray(9, doubles(ps.getConnection(), c.trueNegatives()));
            ps.setArray(10, doubles(ps.getConnection(), c.falseNegatives()));
            ps.setArray(11, doubles(ps.getConnection(), c.precision()));
            ps.setArray(12, doubles(ps.getConnection(), c.recall()));
        });
    }

    int[] insertTexts(List<EventEnvelope> envelopes) {
        return batch("""
                insert into texts (job_id, attempt, tag, step, wall_time, markdown)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""", envelopes, (ps, e) -> {
            TextLogged t = (TextLogged) e.payload();
            keys(ps, e, t.tag(), t.step(), t.wallTime());
            ps.setString(6, t.markdown());
        });
    }

    /** A second summary for the same attempt replaces the first only when its body differs. */
    int[] insertHParams(List<EventEnvelope> envelopes) {
        return batch("""
                insert into hparams (job_id, attempt, logged_at, hparams, metrics, status)
                values (?, ?, ?, ?::jsonb, ?::jsonb, ?)
                on conflict (job_id, attempt) do update
                    set logged_at = excluded.logged_at, hparams = excluded.hparams,
                        metrics = excluded.metrics, status = excluded.status
                    where (hparams.hparams, hparams.metrics, hparams.status)
                        is distinct from (excluded.hparams, excluded.metrics, excluded.status)""",
                envelopes, (ps, e) -> {
                    HParamsLogged h = (HParamsLogged) e.payload();
                    ps.setObject(1, e.jobId());
                    ps.setInt(2, e.attempt());
                    ps.setTimestamp(3, Timestamp.from(e.emittedAt()));
                    ps.setString(4, Json.write(h.hparams()));
                    ps.setString(5, Json.write(h.metrics()));
                    ps.setString(6, h.status());
                });
    }

    int[] insertEmbeddings(List<EventEnvelope> envelopes) {
        return batch("""
                insert into embeddings (job_id, attempt, tag, step, vectors, labels, sprite, sprite_cell_size)
                values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) on conflict do nothing""", envelopes, (ps, e) -> {
            EmbeddingLogged m = (EmbeddingLogged) e.payload();
            ps.setObject(1, e.jobId());
            ps.setInt(2, e.attempt());
            ps.setString(3, m.tag());
            ps.setLong(4, m.step());
            ps.setString(5, Json.write(m.vectors()));
            ps.setString(6, Json.write(m.labels()));
            ps.setBytes(7, m.sprite());
            ps.setInt(8, m.spriteCellSize());
        });
    }

    private int[] batch(String sql, List<EventEnvelope> envelopes,
            ParameterizedPreparedStatementSetter<EventEnvelope> setter) {
        int[][] counts = jdbc.batchUpdate(sql, envelopes, envelopes.size(), setter);
        return counts.length == 0 ? new int[0] : counts[0];
    }

    private static void keys(PreparedStatement ps, EventEnvelope e, String tag, long step, double wallTime)
            throws SQLException {
        ps.setObject(1, e.jobId());
        ps.setInt(2, e.attempt());
        ps.setString(3, tag);
        ps.setLong(4, step);
        ps.setDouble(5, wallTime);
    }

    private static Array doubles(Connection connection, List<Double> values) throws SQLException {
        return connection.createArrayOf("float8", values.toArray(Double[]::new));
    }
}
