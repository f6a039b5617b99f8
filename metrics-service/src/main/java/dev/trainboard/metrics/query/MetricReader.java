package dev.trainboard.metrics.query;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.metrics.system.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * Reads stored metrics back as the payload records they came in as. Series queries show, per tag and step,
 * the value of the latest attempt that logged it: what TensorBoard shows after a restart.
 */
@Repository
public class MetricReader {

    private static final TypeReference<List<GraphNode>> NODES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> HPARAMS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };
    private static final TypeReference<List<List<Float>>> VECTORS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> LABELS = new TypeReference<>() {
    };

    /** Over every table whose rows carry a step, as a rebuild goes over all of an attempt's stepped payloads. */
    private static final String LAST_STEP = Stream.of("scalars", "images", "histograms", "pr_curves", "texts",
                    "embeddings")
            .map(table -> "select max(step) as step from " + table + " where job_id = :job and attempt = :attempt")
            .collect(Collectors.joining(" union all ", "select coalesce(max(step), 0) from (", ") as steps"));

    private final JdbcClient jdbc;

    public MetricReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> tags(String table, UUID jobId) {
        return jdbc.sql("select distinct tag from " + table + " where job_id = :job order by tag")
                .param("job", jobId).query(String.class).list();
    }

    public Optional<byte[]> png(UUID jobId, String tag, long step) {
        return jdbc.sql("""
                        select png from images where job_id = :job and tag = :tag and step = :step
                        order by attempt desc limit 1""")
                .param("job", jobId).param("tag", tag).param("step", step)
                .query((rs, row) -> rs.getBytes(1)).optional();
    }

    public Optional<GraphLogged> latestGraph(UUID jobId) {
        return jdbc.sql("select nodes from graphs where job_id = :job order by attempt desc limit 1")
                .param("job", jobId)
                .query((rs, row) -> new GraphLogged(Json.read(rs.getString(1), NODES))).optional();
    }

    public Optional<HParamsLogged> latestHParams(UUID jobId) {
        return jdbc.sql("select hparams, metrics, status from hparams where job_id = :job order by attempt desc limit 1")
                .param("job", jobId).query(MetricReader::hparams).optional();
    }

    public List<HistogramLogged> histograms(UUID jobId, String tag) {
        return jdbc.sql(latestPerStep("histograms", tag)).param("job", jobId).param("tag", tag)
                .query(MetricReader::histogram).list();
    }

    public List<PrCurveLogged> prCurves(UUID jobId, String tag) {
        return jdbc.sql(latestPerStep("pr_curves", tag)).param("job", jobId).param("tag", tag)
                .query(MetricReader::prCurve).list();
    }

    public List<TextLogged> texts(UUID jobId) {
        return jdbc.sql(latestPerStep("texts", null)).param("job", jobId)
                .query(MetricReader::text).list();
    }

    /** The highest step anything of the attempt was stored at, 0 when none was: where its hparams belong. */
    public long lastStep(UUID jobId, int attempt) {
        return jdbc.sql(LAST_STEP).param("job", jobId).param("attempt", attempt).query(Long.class).single();
    }

    // Everything of a job, every attempt: what a rebuild writes.

    public List<Stored<ScalarsLogged>> storedScalars(UUID jobId) {
        return jdbc.sql("select attempt, tag, step, wall_time, value from scalars where job_id = :job order by attempt, step, tag")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), null,
                        new ScalarsLogged(List.of(scalar(rs, row)))))
                .list();
    }

    public List<Stored<ImageLogged>> storedImages(UUID jobId) {
        return jdbc.sql("""
                        select attempt, tag, step, wall_time, width, height, channels, png from images
                        where job_id = :job order by attempt, step, tag""")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), null, new ImageLogged(rs.getString("tag"),
                        rs.getLong("step"), rs.getDouble("wall_time"), rs.getInt("width"), rs.getInt("height"),
                        rs.getInt("channels"), rs.getBytes("png"))))
                .list();
    }

    public List<Stored<GraphLogged>> storedGraphs(UUID jobId) {
        return jdbc.sql("select attempt, logged_at, nodes from graphs where job_id = :job order by attempt")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), rs.getTimestamp("logged_at").toInstant(),
                        new GraphLogged(Json.read(rs.getString("nodes"), NODES))))
                .list();
    }

    public List<Stored<HistogramLogged>> storedHistograms(UUID jobId) {
        return jdbc.sql("select * from histograms where job_id = :job order by attempt, step, tag")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), null, histogram(rs, row))).list();
    }

    public List<Stored<PrCurveLogged>> storedPrCurves(UUID jobId) {
        return jdbc.sql("select * from pr_curves where job_id = :job order by attempt, step, tag")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), null, prCurve(rs, row))).list();
    }

    public List<Stored<TextLogged>> storedTexts(UUID jobId) {
        return jdbc.sql("select * from texts where job_id = :job order by attempt, step, tag")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), null, text(rs, row))).list();
    }

    public List<Stored<HParamsLogged>> storedHParams(UUID jobId) {
        return jdbc.sql("select * from hparams where job_id = :job order by attempt")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), rs.getTimestamp("logged_at").toInstant(),
                        hparams(rs, row)))
                .list();
    }

    public List<Stored<EmbeddingLogged>> storedEmbeddings(UUID jobId) {
        return jdbc.sql("select * from embeddings where job_id = :job order by attempt, step, tag")
                .param("job", jobId)
                .query((rs, row) -> new Stored<>(rs.getInt("attempt"), null, new EmbeddingLogged(
                        rs.getString("tag"), rs.getLong("step"), Json.read(rs.getString("vectors"), VECTORS),
                        Json.read(rs.getString("labels"), LABELS), rs.getBytes("sprite"),
                        rs.getInt("sprite_cell_size"))))
                .list();
    }

    private static String latestPerStep(String table, String tag) {
        return "select distinct on (tag, step) * from " + table + " where job_id = :job"
                + (tag == null ? "" : " and tag = :tag") + " order by tag, step, attempt desc";
    }

    private static ScalarPoint scalar(ResultSet rs, int row) throws SQLException {
        return new ScalarPoint(rs.getString("tag"), rs.getLong("step"), rs.getDouble("wall_time"),
                rs.getDouble("value"));
    }

    private static HistogramLogged histogram(ResultSet rs, int row) throws SQLException {
        return new HistogramLogged(rs.getString("tag"), rs.getLong("step"), rs.getDouble("wall_time"),
                rs.getDouble("min"), rs.getDouble("max"), rs.getDouble("num"), rs.getDouble("sum"),
                rs.getDouble("sum_squares"), doubles(rs.getArray("bucket_limits")),
                doubles(rs.getArray("bucket_counts")));
    }

    private static PrCurveLogged prCurve(ResultSet rs, int row) throws SQLException {
        return new PrCurveLogged(rs.getString("tag"), rs.getLong("step"), rs.getDouble("wall_time"),
                rs.getInt("num_thresholds"), doubles(rs.getArray("true_positives")),
                doubles(rs.getArray("false_positives")), doubles(rs.getArray("true_negatives")),
                doubles(rs.getArray("false_negatives")), doubles(rs.getArray("precision")),
                doubles(rs.getArray("recall")));
    }

    private static TextLogged text(ResultSet rs, int row) throws SQLException {
        return new TextLogged(rs.getString("tag"), rs.getLong("step"), rs.getDouble("wall_time"),
                rs.getString("markdown"));
    }

    private static HParamsLogged hparams(ResultSet rs, int row) throws SQLException {
        return new HParamsLogged(Json.read(rs.getString("hparams"), HPARAMS), Json.read(rs.getString("metrics"), METRICS),
                rs.getString("status"));
    }

    private static List<Double> doubles(Array array) throws SQLException {
        return Arrays.asList((Double[]) array.getArray());
    }
}
