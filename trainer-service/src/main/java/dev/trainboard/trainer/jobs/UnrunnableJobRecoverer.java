package dev.trainboard.trainer.jobs;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.metrics.JobEventPublisher;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Handles a job record the trainer cannot run at all (not JSON, an unknown data set or optimizer, a spec
 * that breaks the contract's constraints): when the record key is a job id it reports the job FAILED with
 * the reason, so the job does not wait forever, then it parks the record on {@link Topics#JOBS_DEAD_LETTER}
 * and the listener carries on with the next job.
 */
@Component
public class UnrunnableJobRecoverer implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(UnrunnableJobRecoverer.class);

    private final JobEventPublisher publisher;
    private final DeadLetterPublishingRecoverer deadLetters;

    UnrunnableJobRecoverer(JobEventPublisher publisher, KafkaOperations<Object, Object> kafka) {
        this.publisher = publisher;
        this.deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.JOBS_DEAD_LETTER, -1));
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        String reason = reason(exception);
        log.warn("job record {}-{}@{} cannot run: {}", record.topic(), record.partition(), record.offset(), reason);
        jobId(record.key()).ifPresent(jobId ->
                publisher.forJob(jobId, 1).publishAndWait(JobStatusChanged.failed("the trainer cannot run this job: "
                        + reason)));
        deadLetters.accept(record, exception);
    }

    private static Optional<UUID> jobId(Object key) {
        try {
            return key == null ? Optional.empty() : Optional.of(UUID.fromString(key.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The message that names the problem: the validation message, or Jackson's own words about the
     * record (the deserializer's exception only says that it failed), first line only.
     */
    private static String reason(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJobException) {
                return cause.getMessage();
            }
            if (cause instanceof DeserializationException failed && failed.getData() != null) {
                try {
                    EventJson.mapper().readValue(failed.getData(), EventEnvelope.class);
                } catch (JacksonException e) {
                    return firstLine(e.getOriginalMessage());
                }
            }
        }
        return firstLine(exception.toString());
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse(message).strip();
    }
}
