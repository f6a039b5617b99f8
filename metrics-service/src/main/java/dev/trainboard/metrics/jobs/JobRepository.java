package dev.trainboard.metrics.jobs;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobProgress;
import dev.trainboard.events.api.JobView;
import dev.trainboard.metrics.system.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** The {@code jobs} table. */
@Repository
public class JobRepository {

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };

    private static final String VIEW_COLUMNS = """
            id, run_name, sweep, spec, status, attempt, device, host, error, progress, final_metrics,
            created_at, started_at, finished_at""";

    private final JdbcClient jdbc;

    public JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a QUEUED job; returns false when a job with the same idempotency key exists already. */
    public boolean insertQueued(UUID id, JobSpec spec, String idempotencyKey, Instant createdAt) {
        return jdbc.sql("""
                        insert into jobs (id, run_name, sweep, spec, idempotency_key, status, created_at)
                        values (:id, :runName, :sweep, :spec::jsonb, :key, 'QUEUED', :createdAt)
                        on conflict (idempotency_key) do nothing""")
                .param("id", id)
                .param("runName", spec.runName())
                .param("sweep", spec.sweep())
                .param("spec", Json.write(spec))
                .param("key", idempotencyKey)
                .param("createdAt", Timestamp.from(createdAt))
                .update() == 1;
    }

    public Optional<JobView> findByIdempotencyKey(String key) {
        return jdbc.sql("select " + VIEW_COLUMNS + " from jobs where idempotency_key = :key")
                .param("key", key).query(JobRepository::view).optional();
    }

    public Optional<JobView> findById(UUID id) {
        return jdbc.sql("select " + VIEW_COLUMNS + " from jobs where id = :id")
                .param("id", id).query(JobRepository::view).optional();
    }

    public boolean exists(UUID id) {
        return jdbc.sql("select exists (select 1 from jobs where id = :id)").param("id", id)
                .query(Boolean.class).single();
    }

    /** Locks the job's row until the transaction ends, so that a concurrent status change waits. */
    public Optional<JobState> lockState(UUID id) {
        return jdbc.sql("select id, run_name, status, attempt from jobs where id = :id for update")
                .param("id", id).query(JobRepository::state).optional();
    }

    /**
     * Deletes the job and all it stored: every table cascades from its row but the scalar points (V3) and their
     * rollups (V8), which have no foreign key to their series.
     */
    public void delete(UUID id) {
        for (String table : List.of("scalar_points", "scalar_rollups")) {
            jdbc.sql("""
                            delete from %s row using scalar_series series
                            where row.series_id = series.id and series.job_id = :id""".formatted(table))
                    .param("id", id).update();
        }
        jdbc.sql("delete from jobs where id = :id").param("id", id).update();
    }

    public List<JobState> findStates(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id, run_name, status, attempt from jobs where id = any(:ids)")
                .param("ids", ids.toArray(UUID[]::new)).query(JobRepository::state).list();
    }

    public List<JobState> findAllStates() {
        return jdbc.sql("select id, run_name, status, attempt from jobs order by created_at")
                .query(JobRepository::state).list();
    }

    public Optional<JobState> findStateByRunName(String runName) {
        return jdbc.sql("select id, run_name, status, attempt from jobs where run_name = :runName")
                .param("runName", runName).query(JobRepository::state).optional();
    }

    public List<JobView> findPage(JobStatus status, String sweep, int page, int size) {
        return jdbc.sql("select " + VIEW_COLUMNS + " from jobs" + filter(status, sweep)
                        + " order by created_at desc, id limit :size offset :offset")
                .param("status", status == null ? null : status.name())
                .param("sweep", sweep)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(JobRepository::view).list();
    }

    public long count(JobStatus status, String sweep) {
        return jdbc.sql("select count(*) from jobs" + filter(status, sweep))
                .param("status", status == null ? null : status.name())
                .param("sweep", sweep)
                .query(Long.class).single();
    }

    /** Moves a job to a new status, recording what the trainer said about it. */
    public void updateStatus(UUID id, JobStatus status, int attempt, String device, String host, String error,
            Map<String, Double> finalMetrics, Instant at) {
        jdbc.sql("""
                        update jobs set status = :status, attempt = :attempt,
                            device = coalesce(:device, device), host = coalesce(:host, host),
                            error = coalesce(:error, error),
                            final_metrics = coalesce(:finalMetrics::jsonb, final_metrics),
                            started_at = case when :status = 'RUNNING' then :at else started_at end,
                            finished_at = case when :terminal then :at else finished_at end
                        where id = :id""")
                .param("id", id)
                .param("status", status.name())
                .param("attempt", attempt)
                .param("device", device)
                .param("host", host)
                .param("error", error)
                .param("finalMetrics", Json.write(finalMetrics))
                .param("terminal", status.isTerminal())
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Records progress of the job's current attempt; ignored once the job has ended or moved on. */
    public void updateProgress(UUID id, int attempt, JobProgress progress) {
        jdbc.sql("""
                        update jobs set progress = :progress::jsonb
                        where id = :id and attempt = :attempt and status = 'RUNNING'""")
                .param("id", id)
                .param("attempt", attempt)
                .param("progress", Json.write(progress))
                .update();
    }

    private static String filter(JobStatus status, String sweep) {
        StringBuilder where = new StringBuilder(" where true");
        if (status != null) {
            where.append(" and status = :status");
        }
        if (sweep != null) {
            where.append(" and sweep = :sweep");
        }
        return where.toString();
    }

    private static JobState state(ResultSet rs, int row) throws SQLException {
        return new JobState(rs.getObject("id", UUID.class), rs.getString("run_name"),
                JobStatus.valueOf(rs.getString("status")), rs.getInt("attempt"));
    }

    private static JobView view(ResultSet rs, int row) throws SQLException {
        return new JobView(
                rs.getObject("id", UUID.class),
                rs.getString("run_name"),
                rs.getString("sweep"),
                Json.read(rs.getString("spec"), JobSpec.class),
                JobStatus.valueOf(rs.getString("status")),
                rs.getInt("attempt"),
                rs.getString("device"),
                rs.getString("host"),
                rs.getString("error"),
                Json.read(rs.getString("progress"), JobProgress.class),
                Json.read(rs.getString("final_metrics"), METRICS),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
