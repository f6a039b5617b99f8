package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.Topics;
import dev.trainboard.metrics.system.TopicProperties;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.springframework.stereotype.Component;

/**
 * Which partition of {@link Topics#EVENTS} a job's events go to: trainers key them by the job id, so Kafka's
 * default partitioner puts every event of a job on the same partition, and that partition's consumer is the
 * only one that sees them. The count is the topic's own once a consumer has been assigned part of it, and the
 * configured one before.
 */
@Component
public class EventPartitions {

    private volatile int count;

    EventPartitions(TopicProperties topics) {
        this.count = topics.partitions();
    }

    /** The partition the job's events are on. */
    public int of(UUID jobId) {
        return BuiltInPartitioner.partitionForKey(jobId.toString().getBytes(StandardCharsets.UTF_8), count);
    }

    void countIs(int partitions) {
        this.count = partitions;
    }
}
