package dev.trainboard.trainer.control;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads every cancel request. Each trainer instance is its own consumer group and starts from the
 * beginning of the topic, so it also knows of cancels sent before it started; it commits no offsets,
 * because the next instance starts from the beginning again.
 */
@Component
class ControlListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final Cancellations cancellations;

    ControlListener(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @KafkaListener(id = "trainer-control", topics = Topics.CONTROL, containerFactory = "controlContainerFactory",
            groupId = "#{'trainer-control-' + T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest")
    void onControl(EventEnvelope envelope) {
        if (envelope.payload() instanceof CancelRequested cancel) {
            log.info("job {} cancelled: {}", envelope.jobId(), cancel.reason());
            cancellations.cancel(envelope.jobId());
        }
    }
}
