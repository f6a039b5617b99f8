package dev.trainboard.metrics.ingest;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.events.api.JobProgress;
import dev.trainboard.metrics.checkpoints.CheckpointRepository;
import dev.trainboard.metrics.checkpoints.ResumedAttempts;
import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch of valid events in one transaction and returns the part of it that changed something:
 * new rows, and status changes that were applied. Only that part is appended to event files. A resumed
 * attempt's RUNNING deletes what earlier attempts logged from its resume step on ({@link ResumedAttempts}).
 */
@Component
public class EventStore {

    private final JobRepository jobs;
    private final MetricRepository metrics;
    private final ScalarWriter scalars;
    private final CheckpointRepository checkpoints;
    private final ResumedAttempts resumes;

    EventStore(JobRepository jobs, MetricRepository metrics, ScalarWriter scalars, CheckpointRepository checkpoints,
            ResumedAttempts resumes) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.scalars = scalars;
        this.checkpoints = checkpoints;
        this.resumes = resumes;
    }

    /** Stores the envelopes; the result keeps their order, with scalar batches cut to their new points. */
    @Transactional
    public List<EventEnvelope> store(List<EventEnvelope> envelopes) {
        EventEnvelope[] fresh = new EventEnvelope[envelopes.size()];
        applyLifecycle(envelopes, fresh);
        storeScalars(envelopes, fresh);
        storeEach(envelopes, fresh, ImageLogged.class, metrics::insertImages);
        storeEach(envelopes, fresh, GraphLogged.class, metrics::insertGraphs);
        storeEach(envelopes, fresh, HistogramLogged.class, metrics::insertHistograms);
        storeEach(envelopes, fresh, PrCurveLogged.class, metrics::insertPrCurves);
        storeEach(envelopes, fresh, TextLogged.class, metrics::insertTexts);
        storeEach(envelopes, fresh, HParamsLogged.class, metrics::insertHParams);
        storeEach(envelopes, fresh, EmbeddingLogged.class, metrics::insertEmbeddings);
        // Records of the artifact store, not summaries: stored, never appended to an event file.
        List<Integer> saved = positionsOf(envelopes, CheckpointSaved.class);
        if (!saved.isEmpty()) {
            checkpoints.insert(saved.stream().map(envelopes::get).toList());
        }
        Arrays.stream(fresh).filter(e -> e != null && ResumedAttempts.isResume(e)).forEach(resumes::supersede);
        return Arrays.stream(fresh).filter(Objects::nonNull).toList();
    }

    /**
     * Status changes and progress, in arrival order, each against the row as it stands: a status never moves
     * backwards, and progress counts only for the running attempt.
     */
    private void applyLifecycle(List<EventEnvelope> envelopes, EventEnvelope[] fresh) {
        for (int i = 0; i < envelopes.size(); i++) {
            EventEnvelope envelope = envelopes.get(i);
            if (envelope.payload() instanceof JobStatusChanged change) {
                JobState state = jobs.lockState(envelope.jobId()).orElseThrow();
                if (state.status().mayMoveTo(change.status(), state.attempt(), envelope.attempt())) {
                    jobs.updateStatus(envelope.jobId(), change.status(), envelope.attempt(), change.device(),
                            change.host(), change.error(), change.finalMetrics(), envelope.emittedAt());
                    fresh[i] = envelope;
                }
            } else if (envelope.payload() instanceof ProgressReported p) {
                jobs.updateProgress(envelope.jobId(), envelope.attempt(), new JobProgress(p.epoch(), p.epochs(),
                        p.step(), p.totalSteps(), p.imagesPerSecond(), p.etaSeconds(), p.loss()));
            }
        }
    }

    private void storeScalars(List<EventEnvelope> envelopes, EventEnvelope[] fresh) {
        List<Integer> positions = positionsOf(envelopes, ScalarsLogged.class);
        if (positions.isEmpty()) {
            return;
        }
        NewScalars inserted = scalars.insert(positions.stream().map(envelopes::get).toList());
        for (int position : positions) {
            EventEnvelope envelope = envelopes.get(position);
            if (inserted.everyPoint()) {
                fresh[position] = envelope;
                continue;
            }
            List<ScalarPoint> points = ((ScalarsLogged) envelope.payload()).points().stream()
                    .filter(p -> inserted.claim(new ScalarKey(envelope.jobId(), envelope.attempt(), p.tag(), p.step())))
                    .toList();
            if (!points.isEmpty()) {
                fresh[position] = new EventEnvelope(envelope.schemaVersion(), envelope.jobId(), envelope.attempt(),
                        envelope.emittedAt(), new ScalarsLogged(points));
            }
        }
    }

    private static void storeEach(List<EventEnvelope> envelopes, EventEnvelope[] fresh, Class<?> type,
            Function<List<EventEnvelope>, int[]> insert) {
        List<Integer> positions = positionsOf(envelopes, type);
        if (positions.isEmpty()) {
            return;
        }
        int[] counts = insert.apply(positions.stream().map(envelopes::get).toList());
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0) {
                fresh[positions.get(k)] = envelopes.get(positions.get(k));
            }
        }
    }

    private static List<Integer> positionsOf(List<EventEnvelope> envelopes, Class<?> type) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            if (type.isInstance(envelopes.get(i).payload())) {
                positions.add(i);
            }
        }
        return positions;
    }
}
