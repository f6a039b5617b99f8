package dev.trainboard.trainer.control;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.system.RecordChecks;
import dev.trainboard.trainer.system.RejectedRecordException;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads every cancel request. Each trainer instance is its own consumer group, named after its stable instance id
 * ({@code TrainerIdentity}): a new instance starts from the beginning of the topic, so it also knows of cancels
 * sent before it started; a restarted one resumes from its committed offsets. A record that is not a valid
 * {@code CancelRequested} keyed by its job id goes to {@link Topics#CONTROL_DEAD_LETTER}.
 */
@Component
class ControlListener {

    static final String LISTENER_ID = "trainer-control";

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final Cancellations cancellations;
    private final Validator validator;

    ControlListener(Cancellations cancellations, Validator validator) {
        this.cancellations = cancellations;
        this.validator = validator;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.CONTROL, containerFactory = "controlContainerFactory",
            groupId = "#{@trainerIdentity.controlGroup()}", properties = "auto.offset.reset=earliest")
    void onControl(ConsumerRecord<String, EventEnvelope> record) {
        EventEnvelope envelope = RecordChecks.validEnvelope(record, validator);
        if (!(envelope.payload() instanceof CancelRequested cancel)) {
            throw new RejectedRecordException("expected a CancelRequested on " + Topics.CONTROL + " but got "
                    + envelope.payload().getClass().getSimpleName());
        }
        log.info("job {} cancelled: {}", envelope.jobId(), cancel.reason());
        cancellations.cancel(envelope.jobId());
    }
}
