package dev.trainboard.metrics.query;

import dev.trainboard.events.ScalarPoint;
import dev.trainboard.metrics.rollup.BucketSummary;
import dev.trainboard.metrics.rollup.RollupLevels;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads one tag's series over a step range, downsampled, from the rollups: the range is covered by whole
 * buckets of the coarsest level that still gives every output bucket a row, its ragged ends by buckets of
 * finer levels and, within 32 steps of either end, by the points themselves. So a read costs about as many
 * rows as it answers with, however long the series. A tag logged by several attempts shows, per step, the
 * latest attempt's point; while the attempts' step ranges do not overlap that is their rollups side by side,
 * where they do the points are read and merged instead.
 */
@Repository
public class SeriesReader {

    /** Points of a read and the resolution they were taken from. */
    public record Downsampled(List<ScalarPoint> points, long resolution) {
    }

    /** The part of a series inside the asked range: [firstStep, lastStep], null when it has none there. */
    private record Span(long seriesId, Long firstStep, Long lastStep) {
    }

    /** Buckets {@code [from, to]} of a level, or steps {@code [from, to]} at level 0. */
    private record Piece(int level, long from, long to) {
    }

    private static final String SUMMARY_COLUMNS = "count, first_step, first_wall_time, first_value, last_step,"
            + " last_wall_time, last_value, min_step, min_wall_time, min_value, max_step, max_wall_time, max_value";

    private final JdbcClient jdbc;

    public SeriesReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** At most {@code maxPoints} points of the tag with steps in [{@code from}, {@code to}], in step order. */
    public Downsampled read(UUID jobId, String tag, long from, long to, int maxPoints) {
        List<Span> spans = jdbc.sql("""
                        select s.id,
                            (select min(step) from scalar_points p where p.series_id = s.id and p.step between :from and :to),
                            (select max(step) from scalar_points p where p.series_id = s.id and p.step between :from and :to)
                        from scalar_series s where s.job_id = :job and s.tag = :tag""")
                .param("job", jobId).param("tag", tag).param("from", from).param("to", to)
                .query((rs, row) -> new Span(rs.getLong(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class)))
                .list().stream().filter(span -> span.firstStep() != null)
                .sorted(Comparator.comparing(Span::firstStep)).toList();
        if (spans.isEmpty()) {
            return new Downsampled(List.of(), 1);
        }
        List<Long> ids = spans.stream().map(Span::seriesId).toList();
        long first = spans.get(0).firstStep();
        long last = spans.stream().mapToLong(Span::lastStep).max().orElseThrow();
        boolean overlapping = overlapping(spans);
        int level = overlapping ? 0 : RollupLevels.coarsestFilling(last - first + 1,
                maxPoints / Downsampler.POINTS_PER_BUCKET);
        if (level > 0) {
            List<BucketSummary> summaries = summaries(ids, first, last, level);
            if (summaries.stream().mapToLong(BucketSummary::count).sum() > maxPoints) {
                return new Downsampled(Downsampler.downsample(summaries, first, last, maxPoints, tag),
                        RollupLevels.width(level));
            }
        }
        return new Downsampled(Downsampler.downsample(points(ids, tag, first, last, overlapping), maxPoints), 1);
    }

    private static boolean overlapping(List<Span> spansByFirstStep) {
        for (int i = 1; i < spansByFirstStep.size(); i++) {
            if (spansByFirstStep.get(i).firstStep() <= spansByFirstStep.get(i - 1).lastStep()) {
                return true;
            }
        }
        return false;
    }

    /** The points of the series in [from, to]; of a step several series hold, the latest attempt's. */
    private List<ScalarPoint> points(List<Long> ids, String tag, long from, long to, boolean overlapping) {
        String sql = overlapping ? """
                select distinct on (p.step) p.step, p.wall_time, p.value
                from scalar_points p join scalar_series s on s.id = p.series_id
                where p.series_id in (:ids) and p.step between :from and :to
                order by p.step, s.attempt desc""" : """
                select step, wall_time, value from scalar_points
                where series_id in (:ids) and step between :from and :to order by step""";
        return jdbc.sql(sql).param("ids", ids).param("from", from).param("to", to)
                .query((rs, row) -> new ScalarPoint(tag, rs.getLong(1), rs.getDouble(2), rs.getDouble(3))).list();
    }

    /** Summaries covering [from, to] exactly, sorted by first step: whole buckets of the level and finer ones. */
    private List<BucketSummary> summaries(List<Long> ids, long from, long to, int level) {
        List<Piece> pieces = new ArrayList<>();
        cover(from, to, level, pieces);
        List<String> selects = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids);
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            params.put("from" + i, piece.from());
            params.put("to" + i, piece.to());
            if (piece.level() == 0) {
                selects.add(("select 1, step, wall_time, value, step, wall_time, value, step, wall_time, value, step,"
                        + " wall_time, value from scalar_points where series_id in (:ids) and step between :from%1$d"
                        + " and :to%1$d").formatted(i));
            } else {
                params.put("level" + i, piece.level());
                selects.add(("select " + SUMMARY_COLUMNS + " from scalar_rollups where series_id in (:ids)"
                        + " and level = :level%1$d and bucket between :from%1$d and :to%1$d").formatted(i));
            }
        }
        List<BucketSummary> summaries = new ArrayList<>(jdbc.sql(String.join(" union all ", selects)).params(params)
                .query(SeriesReader::summary).list());
        summaries.sort(Comparator.comparingLong(BucketSummary::firstStep));
        return summaries;
    }

    /**
     * Covers steps [from, to] with the whole buckets of {@code level} inside it and, at either end, what is left
     * over with finer levels, down to points.
     */
    private static void cover(long from, long to, int level, List<Piece> pieces) {
        if (from > to) {
            return;
        }
        if (level == 0) {
            pieces.add(new Piece(0, from, to));
            return;
        }
        long width = RollupLevels.width(level);
        long firstWhole = -Math.floorDiv(-from, width);
        long lastWhole = Math.floorDiv(to + 1, width) - 1;
        if (firstWhole > lastWhole) {
            cover(from, to, level - 1, pieces);
            return;
        }
        cover(from, firstWhole * width - 1, level - 1, pieces);
        pieces.add(new Piece(level, firstWhole, lastWhole));
        cover((lastWhole + 1) * width, to, level - 1, pieces);
    }

    private static BucketSummary summary(ResultSet rs, int row) throws SQLException {
        return BucketSummary.of(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5),
                rs.getDouble(6), rs.getDouble(7), rs.getLong(8), rs.getDouble(9), rs.getDouble(10), rs.getLong(11),
                rs.getDouble(12), rs.getDouble(13));
    }
}
