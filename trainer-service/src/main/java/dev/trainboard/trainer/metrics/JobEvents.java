package dev.trainboard.trainer.metrics;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.Topics;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/** The event stream of one attempt of one job. */
public class JobEvents implements EventSink {

    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final KafkaTemplate<String, EventEnvelope> kafka;
    private final UUID jobId;
    private final int attempt;

    JobEvents(KafkaTemplate<String, EventEnvelope> kafka, UUID jobId, int attempt) {
        this.kafka = kafka;
        this.jobId = jobId;
        this.attempt = attempt;
    }

    /** Sends without waiting; the producer keeps the job's events in order. */
    @Override
    public void publish(EventPayload payload) {
        kafka.send(Topics.EVENTS, jobId.toString(), EventEnvelope.of(jobId, attempt, payload));
    }

    /**
     * Sends and waits until the broker has acknowledged it, and with it every earlier event of the job
     * (same partition, idempotent producer).
     */
    public void publishAndWait(EventPayload payload) {
        try {
            kafka.send(Topics.EVENTS, jobId.toString(), EventEnvelope.of(jobId, attempt, payload))
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + payload.getClass().getSimpleName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + payload.getClass().getSimpleName()
                    + " of job " + jobId, e);
        }
    }

    public UUID jobId() {
        return jobId;
    }

    public int attempt() {
        return attempt;
    }
}
