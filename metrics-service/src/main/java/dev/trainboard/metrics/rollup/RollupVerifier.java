package dev.trainboard.metrics.rollup;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks stored rollups against a brute-force computation from the points, in plain SQL aggregates and
 * independent of the code that maintains them: every bucket of every level must exist exactly when it has
 * points and hold their count, first and last steps, lowest and highest values at their earliest steps, and
 * the wall times and values the points have at those steps.
 */
@Component
public class RollupVerifier {

    /** A bucket whose stored rollup differs from the one computed from the points (or is missing, or extra). */
    public record Mismatch(long seriesId, int level, long bucket) {
    }

    /** What a check went over and what it found. */
    public record Report(int series, List<Mismatch> mismatches) {

        public boolean consistent() {
            return mismatches.isEmpty();
        }
    }

    private static final String MISMATCHES = """
            with levels (level, width) as (
                select level, 32::bigint << (3 * (level - 1)) from generate_series(1, %d) level),
            buckets as (
                select l.level, l.width, p.step / l.width as bucket, count(*) as count, min(p.step) as first_step,
                    max(p.step) as last_step, min(p.value) as min_value, max(p.value) as max_value
                from scalar_points p cross join levels l where p.series_id = :series
                group by l.level, l.width, p.step / l.width),
            expected as (
                select b.*,
                    (select min(step) from scalar_points p where p.series_id = :series and p.value = b.min_value
                        and p.step between b.bucket * b.width and b.bucket * b.width + b.width - 1) as min_step,
                    (select min(step) from scalar_points p where p.series_id = :series and p.value = b.max_value
                        and p.step between b.bucket * b.width and b.bucket * b.width + b.width - 1) as max_step
                from buckets b),
            stored as (select * from scalar_rollups where series_id = :series)
            select level, bucket from expected e full join stored s using (level, bucket)
            where (e.count, e.first_step, e.last_step, e.min_step, e.max_step, e.min_value, e.max_value)
                    is distinct from (s.count, s.first_step, s.last_step, s.min_step, s.max_step, s.min_value, s.max_value)
                %s
            order by level, bucket""".formatted(RollupLevels.COUNT, String.join("\n",
            pointExists("first"), pointExists("last"), pointExists("min"), pointExists("max")));

    private static String pointExists(String point) {
        return ("or not exists (select 1 from scalar_points q where q.series_id = :series and q.step = s.%1$s_step"
                + " and q.wall_time = s.%1$s_wall_time and q.value = s.%1$s_value)").formatted(point);
    }

    private final JdbcClient jdbc;

    public RollupVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Checks every series of the job, or of every job when {@code jobId} is null. */
    public Report verify(UUID jobId) {
        List<Long> series = jdbc.sql("select id from scalar_series where cast(:job as uuid) is null or job_id = :job"
                + " order by id").param("job", jobId).query(Long.class).list();
        List<Mismatch> mismatches = new ArrayList<>();
        for (long id : series) {
            mismatches.addAll(verify(id));
        }
        return new Report(series.size(), mismatches);
    }

    public List<Mismatch> verify(long seriesId) {
        return jdbc.sql(MISMATCHES).param("series", seriesId)
                .query((rs, row) -> new Mismatch(seriesId, rs.getInt(1), rs.getLong(2))).list();
    }
}
