package dev.trainboard.metrics.checkpoints;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.metrics.rollup.SeriesRollups;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The resume rule: an attempt that reports RUNNING with {@code resumedFromStep} continues the job's curves from
 * that step, so what earlier attempts logged from that step on is deleted, and the step is kept for the
 * attempt's event file, whose restart marker goes there.
 */
@Repository
public class ResumedAttempts {

    /** The tables whose rows carry a step; scalars are deleted through their points. */
    private static final String[] STEPPED = {"images", "histograms", "pr_curves", "texts", "embeddings"};

    private final JdbcClient jdbc;
    private final SeriesRollups rollups;

    ResumedAttempts(JdbcClient jdbc, SeriesRollups rollups) {
        this.jdbc = jdbc;
        this.rollups = rollups;
    }

    /** Whether the envelope is a RUNNING that resumes from a checkpoint. */
    public static boolean isResume(EventEnvelope envelope) {
        return envelope.payload() instanceof JobStatusChanged change && change.status() == JobStatus.RUNNING
                && change.resumedFromStep() != null;
    }

    /**
     * Applies the rule for a resumed RUNNING that was applied to its job. Runs after the rest of its batch is
     * stored, so that the tail of the earlier attempt in the same batch is deleted too.
     */
    public void supersede(EventEnvelope resumed) {
        UUID job = resumed.jobId();
        int attempt = resumed.attempt();
        long step = ((JobStatusChanged) resumed.payload()).resumedFromStep();
        jdbc.sql("""
                        insert into resumed_attempts (job_id, attempt, step) values (:job, :attempt, :step)
                        on conflict do nothing""")
                .param("job", job).param("attempt", attempt).param("step", step).update();
        List<Long> shortened = jdbc.sql("""
                        delete from scalar_points point using scalar_series series
                        where point.series_id = series.id and series.job_id = :job and series.attempt < :attempt
                            and point.step >= :step
                        returning point.series_id""")
                .param("job", job).param("attempt", attempt).param("step", step).query(Long.class).list();
        rollups.rebuild(Set.copyOf(shortened));
        for (String table : STEPPED) {
            jdbc.sql("delete from " + table + " where job_id = :job and attempt < :attempt and step >= :step")
                    .param("job", job).param("attempt", attempt).param("step", step).update();
        }
    }

    /** The step the attempt resumed from, if it did. */
    public OptionalLong stepOf(UUID jobId, int attempt) {
        return jdbc.sql("select step from resumed_attempts where job_id = :job and attempt = :attempt")
                .param("job", jobId).param("attempt", attempt).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** The resume step of each of the job's resumed attempts. */
    public Map<Integer, Long> stepsOf(UUID jobId) {
        return jdbc.sql("select attempt, step from resumed_attempts where job_id = :job")
                .param("job", jobId)
                .query((rs, row) -> Map.entry(rs.getInt(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
