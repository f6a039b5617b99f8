package dev.trainboard.metrics.ingest;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.metrics.system.Json;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Admission's state in PostgreSQL: the jobs' life cycle and spec, the tags' plugins ({@code run_tags}). */
@Repository
class AdmissionRepository {

    private static final TypeReference<Map<String, PluginKind>> KINDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    AdmissionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The state of the jobs that exist among {@code ids}. */
    Map<UUID, RunState> load(Collection<UUID> ids) {
        Map<UUID, RunState> runs = new HashMap<>();
        if (ids.isEmpty()) {
            return runs;
        }
        jdbc.sql("""
                        select id, status, attempt, spec, finished_partition, finished_offset,
                            (select coalesce(jsonb_object_agg(tag, kind), '{}') from run_tags where job_id = jobs.id)
                                as kinds
                        from jobs where id = any(:ids)""")
                .param("ids", ids.toArray(UUID[]::new))
                .query((rs, row) -> new RunState(rs.getObject("id", UUID.class),
                        JobStatus.valueOf(rs.getString("status")), rs.getInt("attempt"),
                        Json.read(rs.getString("spec"), JobSpec.class),
                        rs.getObject("finished_partition", Integer.class), rs.getObject("finished_offset", Long.class),
                        new HashMap<>(Json.read(rs.getString("kinds"), KINDS))))
                .list()
                .forEach(run -> runs.put(run.jobId(), run));
        return runs;
    }

    /** Records what admitting a batch decided; runs in the transaction that stores the batch. */
    void save(List<RunState.TagClaim> claims, List<RunState.Finish> finishes) {
        if (!claims.isEmpty()) {
            jdbc.sql("""
                            insert into run_tags (job_id, tag, kind)
                            select * from unnest(:jobs::uuid[], :tags::text[], :kinds::text[])
                            on conflict do nothing""")
                    .param("jobs", claims.stream().map(RunState.TagClaim::jobId).toArray(UUID[]::new))
                    .param("tags", claims.stream().map(RunState.TagClaim::tag).toArray(String[]::new))
                    .param("kinds", claims.stream().map(c -> c.kind().name()).toArray(String[]::new))
                    .update();
        }
        for (RunState.Finish finish : finishes) {
            jdbc.sql("update jobs set finished_partition = :partition, finished_offset = :offset where id = :id")
                    .param("partition", finish.partition())
                    .param("offset", finish.offset())
                    .param("id", finish.jobId())
                    .update();
        }
    }
}
