package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.Topics;
import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import dev.trainboard.metrics.tensorboard.LiveRuns;
import dev.trainboard.metrics.tensorboard.LogDirLock;
import dev.trainboard.metrics.tensorboard.RunOwnership;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@code trainboard.events} in batches. {@link Admission} judges every record; the rejected ones are sent
 * to the dead-letter topic while the accepted ones are stored in one transaction (with what admission learned)
 * and appended to event files. Offsets are committed after this method returns: after the database commit and
 * after the broker took every dead letter. A failure of either throws, and the batch is read again (storing is
 * idempotent). A batch from a partition whose runs this instance may not write ({@link RunOwnership}) is not
 * judged or stored at all, and comes again.
 */
@Component
class EventsListener {

    private final Admission admission;
    private final AdmissionRepository admissionState;
    private final DeadLetterPublisher deadLetters;
    private final RejectionLog rejections;
    private final EventStore store;
    private final JobRepository jobs;
    private final LiveRuns liveRuns;
    private final LogDirLock logDirLock;
    private final TransactionTemplate transaction;
    private final RunOwnership ownership;
    private final IngestMetrics metrics;

    EventsListener(Admission admission, AdmissionRepository admissionState, DeadLetterPublisher deadLetters,
            RejectionLog rejections, EventStore store, JobRepository jobs, LiveRuns liveRuns, LogDirLock logDirLock,
            TransactionTemplate transaction, RunOwnership ownership, IngestMetrics metrics) {
        this.admission = admission;
        this.admissionState = admissionState;
        this.deadLetters = deadLetters;
        this.rejections = rejections;
        this.store = store;
        this.jobs = jobs;
        this.liveRuns = liveRuns;
        this.logDirLock = logDirLock;
        this.transaction = transaction;
        this.ownership = ownership;
        this.metrics = metrics;
    }

    @KafkaListener(id = "events", idIsGroup = false, topics = Topics.EVENTS)
    void onEvents(List<ConsumerRecord<String, EventEnvelope>> records) {
        metrics.timeBatch(() -> ingest(records));
    }

    private void ingest(List<ConsumerRecord<String, EventEnvelope>> records) {
        ownership.requireOwned(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()));
        Judgement judgement = admission.judge(records);
        DeadLetterPublisher.Sending parked = deadLetters.publish(judgement.rejected());
        judgement.rejected().forEach(rejections::rejected);
        List<EventEnvelope> accepted = judgement.accepted();
        if (!accepted.isEmpty()) {
            Map<UUID, JobState> known = jobs.findStates(accepted.stream().map(EventEnvelope::jobId)
                            .collect(Collectors.toSet()))
                    .stream().collect(Collectors.toMap(JobState::id, Function.identity()));
            logDirLock.shared(() -> {
                liveRuns.beforeStore(known.keySet());
                List<EventEnvelope> fresh = transaction.execute(status -> {
                    admissionState.save(judgement.claims(), judgement.finishes());
                    return store.store(accepted);
                });
                liveRuns.append(fresh, known);
                return fresh;
            });
            metrics.ingested(accepted);
        }
        parked.await();
    }
}
