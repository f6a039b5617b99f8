package dev.trainboard.metrics.outbox;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.metrics.system.Json;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code outbox} table. */
@Repository
public class OutboxRepository {

    private final JdbcClient jdbc;

    public OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues an envelope; call it inside the transaction that changes the state the message announces. */
    public void add(String topic, EventEnvelope envelope) {
        jdbc.sql("insert into outbox (topic, message_key, payload) values (:topic, :key, :payload)")
                .param("topic", topic)
                .param("key", envelope.jobId().toString())
                .param("payload", Json.write(envelope))
                .update();
    }

    /**
     * Locks the oldest unpublished messages until the transaction ends. Rows another relay instance holds
     * are skipped, so two instances never send the same message at the same time.
     */
    public List<OutboxMessage> lockPending(int limit) {
        return jdbc.sql("""
                        select id, topic, message_key, payload from outbox
                        where published_at is null order by id limit :limit for update skip locked""")
                .param("limit", limit)
                .query((rs, row) -> new OutboxMessage(rs.getLong("id"), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("payload")))
                .list();
    }

    public void markPublished(Collection<Long> ids) {
        jdbc.sql("update outbox set published_at = now() where id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .update();
    }

    public long countPending() {
        return jdbc.sql("select count(*) from outbox where published_at is null").query(Long.class).single();
    }
}
