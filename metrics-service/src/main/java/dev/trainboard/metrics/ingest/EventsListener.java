package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.Topics;
import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import dev.trainboard.metrics.tensorboard.LiveRuns;
import dev.trainboard.metrics.tensorboard.LogDirLock;
import dev.trainboard.metrics.tensorboard.RunOwnership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code trainboard.events} in batches. The records before the first bad one are stored in one
 * transaction and appended to event files; the bad one is then reported by index, so the error handler
 * commits the good ones, sends the bad one to the dead-letter topic and redelivers the rest. Offsets are
 * committed after this method returns, that is after the database commit. A batch from a partition whose
 * runs this instance may not write ({@link RunOwnership}) is not stored at all, and comes again.
 */
@Component
class EventsListener {

    private static final LogAccessor LOG = new LogAccessor(EventsListener.class);

    private final EventValidator validator;
    private final EventStore store;
    private final JobRepository jobs;
    private final LiveRuns liveRuns;
    private final LogDirLock logDirLock;
    private final RunOwnership ownership;
    private final IngestMetrics metrics;

    EventsListener(EventValidator validator, EventStore store, JobRepository jobs, LiveRuns liveRuns,
            LogDirLock logDirLock, RunOwnership ownership, IngestMetrics metrics) {
        this.validator = validator;
        this.store = store;
        this.jobs = jobs;
        this.liveRuns = liveRuns;
        this.logDirLock = logDirLock;
        this.ownership = ownership;
        this.metrics = metrics;
    }

    @KafkaListener(id = "events", idIsGroup = false, topics = Topics.EVENTS)
    void onEvents(List<ConsumerRecord<String, EventEnvelope>> records) {
        metrics.timeBatch(() -> ingest(records));
    }

    private void ingest(List<ConsumerRecord<String, EventEnvelope>> records) {
        ownership.requireOwned(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()));
        Map<UUID, JobState> known = jobs.findStates(records.stream().map(ConsumerRecord::value)
                        .filter(Objects::nonNull).map(EventEnvelope::jobId).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(JobState::id, Function.identity()));
        List<EventEnvelope> accepted = new ArrayList<>(records.size());
        RuntimeException rejection = null;
        for (ConsumerRecord<String, EventEnvelope> record : records) {
            try {
                accepted.add(accept(record, known));
            } catch (InvalidEventException | DeserializationException e) {
                rejection = e;
                break;
            }
        }
        if (!accepted.isEmpty()) {
            logDirLock.shared(() -> {
                liveRuns.beforeStore(known.keySet());
                List<EventEnvelope> fresh = store.store(accepted);
                liveRuns.append(fresh, known);
                return fresh;
            });
            metrics.ingested(accepted);
        }
        if (rejection != null) {
            throw new BatchListenerFailedException(rejection.getMessage(), rejection, records.get(accepted.size()));
        }
    }

    private EventEnvelope accept(ConsumerRecord<String, EventEnvelope> record, Map<UUID, JobState> known) {
        EventEnvelope envelope = record.value();
        if (envelope == null) {
            DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            throw failure != null ? failure : new InvalidEventException("Record has no value");
        }
        validator.check(record.key(), envelope);
        if (!known.containsKey(envelope.jobId())) {
            throw new InvalidEventException("Unknown job " + envelope.jobId());
        }
        return envelope;
    }
}
