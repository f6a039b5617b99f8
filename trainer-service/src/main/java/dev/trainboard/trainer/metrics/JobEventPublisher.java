package dev.trainboard.trainer.metrics;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.Topics;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a job's events to {@link Topics#EVENTS}, keyed by the job id so that they stay in order. The
 * producer is idempotent with {@code acks=all}, so a retried send can neither reorder nor duplicate.
 */
@Component
public class JobEventPublisher {

    private final KafkaTemplate<String, EventEnvelope> kafka;

    public JobEventPublisher(KafkaTemplate<String, EventEnvelope> kafka) {
        this.kafka = kafka;
    }

    /** The events of one attempt of one job. */
    public JobEvents forJob(UUID jobId, int attempt) {
        return new JobEvents(kafka, jobId, attempt);
    }
}
