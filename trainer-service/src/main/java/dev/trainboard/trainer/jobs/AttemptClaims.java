package dev.trainboard.trainer.jobs;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts attempts through the consumer group's committed offsets. Before a job starts, the trainer commits
 * the job record's own offset (not the one after it, so the record is still redelivered after a crash)
 * with {@code trainboard-claim <job id> <attempt>} as the offset's metadata. A trainer that receives a
 * record and finds a claim for that very offset and job knows an earlier attempt never finished, and runs
 * attempt + 1. The claim lives in the group coordinator, so it survives the crash of any trainer.
 */
final class AttemptClaims {

    private static final String PREFIX = "trainboard-claim ";

    private AttemptClaims() {
    }

    /** Works out the record's attempt from the committed claim and commits the claim for it. */
    static int claim(Consumer<?, ?> consumer, TopicPartition partition, long offset, UUID jobId) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        int attempt = attemptFor(committed, offset, jobId);
        consumer.commitSync(Map.of(partition, marker(offset, jobId, attempt)));
        return attempt;
    }

    static int attemptFor(OffsetAndMetadata committed, long offset, UUID jobId) {
        if (committed == null || committed.offset() != offset || !committed.metadata().startsWith(PREFIX)) {
            return 1;
        }
        String[] parts = committed.metadata().substring(PREFIX.length()).split(" ");
        if (parts.length != 2 || !parts[0].equals(jobId.toString()) || !parts[1].matches("[0-9]{1,9}")) {
            return 1;
        }
        return Integer.parseInt(parts[1]) + 1;
    }

    static OffsetAndMetadata marker(long offset, UUID jobId, int attempt) {
        return new OffsetAndMetadata(offset, PREFIX + jobId + " " + attempt);
    }
}
