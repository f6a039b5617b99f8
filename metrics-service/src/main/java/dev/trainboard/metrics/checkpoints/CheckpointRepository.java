package dev.trainboard.metrics.checkpoints;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EventEnvelope;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The checkpoints and final models the trainers reported, one row per directory in the artifact store. */
@Repository
public class CheckpointRepository {

    private final JdbcTemplate jdbc;
    private final JdbcClient client;

    CheckpointRepository(JdbcTemplate jdbc, JdbcClient client) {
        this.jdbc = jdbc;
        this.client = client;
    }

    /**
     * Stores {@link CheckpointSaved} envelopes; a directory reported again takes the later report, and a
     * redelivered report changes nothing.
     */
    public void insert(List<EventEnvelope> envelopes) {
        jdbc.batchUpdate("""
                insert into checkpoints (job_id, path, attempt, step, epoch, final_model, size_bytes, saved_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (job_id, path) do update
                    set attempt = excluded.attempt, step = excluded.step, epoch = excluded.epoch,
                        final_model = excluded.final_model, size_bytes = excluded.size_bytes,
                        saved_at = excluded.saved_at
                    where checkpoints.saved_at < excluded.saved_at""", envelopes, envelopes.size(), (ps, e) -> {
                    CheckpointSaved saved = (CheckpointSaved) e.payload();
                    ps.setObject(1, e.jobId());
                    ps.setString(2, saved.path());
                    ps.setInt(3, e.attempt());
                    ps.setLong(4, saved.step());
                    ps.setInt(5, saved.epoch());
                    ps.setBoolean(6, saved.finalModel());
                    ps.setLong(7, saved.sizeBytes());
                    ps.setTimestamp(8, Timestamp.from(e.emittedAt()));
                });
    }

    /** The job's checkpoints by step, the final model last. */
    public List<CheckpointView> list(UUID jobId) {
        return client.sql("""
                        select step, epoch, path, final_model, size_bytes, attempt, saved_at from checkpoints
                        where job_id = :job order by final_model, step""")
                .param("job", jobId)
                .query((rs, row) -> new CheckpointView(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4),
                        rs.getLong(5), rs.getInt(6), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
