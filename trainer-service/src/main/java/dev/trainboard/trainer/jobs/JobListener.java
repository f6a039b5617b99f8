package dev.trainboard.trainer.jobs;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.control.Cancellations;
import dev.trainboard.trainer.metrics.JobEventPublisher;
import dev.trainboard.trainer.metrics.JobEvents;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Takes jobs from {@link Topics#JOBS}, each once {@link JobAdmission} has checked it against the registry, and
 * hands them to {@link TrainingSlots}: one consumer per trainer, whatever its number of slots, so that any
 * partition this trainer is assigned starts on whichever slot is free. The slot acknowledges the record after
 * the terminal status is on the broker; the consumer keeps polling (and stays in the group) meanwhile, however
 * much longer than {@code max.poll.interval.ms} the job runs.
 */
@Component
class JobListener {

    static final String LISTENER_ID = "trainer-jobs";

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobRunner runner;
    private final RunningJobs runningJobs;
    private final Cancellations cancellations;
    private final JobEventPublisher publisher;
    private final JobAdmission admission;
    private final TrainingSlots slots;

    JobListener(JobRunner runner, RunningJobs runningJobs, Cancellations cancellations, JobEventPublisher publisher,
            JobAdmission admission, TrainingSlots slots) {
        this.runner = runner;
        this.runningJobs = runningJobs;
        this.cancellations = cancellations;
        this.publisher = publisher;
        this.admission = admission;
        this.slots = slots;
    }

    @KafkaListener(id = LISTENER_ID, groupId = "trainer", topics = Topics.JOBS, containerFactory = "jobContainerFactory",
            properties = {"max.poll.records=1",
                "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                // A trainer that subscribes before metrics-service has declared the topic's partitions (the broker
                // creates it with one) learns of the others only at its next metadata refresh: 5 min by default,
                // while jobs already wait on them.
                "metadata.max.age.ms=10000"})
    void onJob(ConsumerRecord<String, EventEnvelope> record, Acknowledgment ack, Consumer<?, ?> consumer) {
        JobSubmitted job = admission.admit(record);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        int attempt = AttemptClaims.claim(consumer, partition, record.offset(), record.value().jobId());
        JobEvents events = publisher.forJob(record.value().jobId(), attempt);
        if (cancellations.isCancelled(events.jobId())) {
            log.info("job {} was cancelled while queued: skipped", events.jobId());
            events.publishAndWait(JobStatusChanged.cancelled());
            ack.acknowledge();
            return;
        }
        RunningJobs.RunningJob running = runningJobs.start(partition, events.jobId());
        slots.start(partition, () -> {
            try {
                if (runner.run(job.spec(), events, running) != JobOutcome.ABANDONED) {
                    ack.acknowledge();
                }
            } catch (RuntimeException e) {
                // The terminal status did not reach Kafka: the offset stays uncommitted, so the job runs again
                // once the partition is reassigned (restart or rebalance).
                log.error("job {} ended without an acknowledged terminal status", events.jobId(), e);
            } finally {
                runningJobs.finish(partition);
            }
        });
    }
}
