package dev.trainboard.metrics.ingest;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.metrics.tensorboard.PayloadWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

/**
 * The one check before anything is stored (docs/architecture.md, "Admission"): each record of a batch, in order,
 * against the contract ({@link EventValidator}) and against its job as the records before it left the job: the
 * job exists, the attempt is its current one, nothing comes after the job ended, steps lie in the job's range,
 * and each tag keeps one plugin for the life of the run. What passes can be stored, written and rebuilt.
 */
@Component
class Admission {

    private final EventValidator validator;
    private final AdmissionRepository repository;
    private final IngestProperties limits;

    Admission(EventValidator validator, AdmissionRepository repository, IngestProperties limits) {
        this.validator = validator;
        this.repository = repository;
        this.limits = limits;
    }

    Judgement judge(List<ConsumerRecord<String, EventEnvelope>> records) {
        Set<UUID> jobIds = records.stream().map(ConsumerRecord::value).filter(Objects::nonNull)
                .map(EventEnvelope::jobId).filter(Objects::nonNull).collect(Collectors.toSet());
        Map<UUID, RunState> runs = repository.load(jobIds);
        List<EventEnvelope> accepted = new ArrayList<>(records.size());
        List<Judgement.Rejected> rejected = new ArrayList<>();
        List<RunState.TagClaim> claims = new ArrayList<>();
        List<RunState.Finish> finishes = new ArrayList<>();
        for (ConsumerRecord<String, EventEnvelope> record : records) {
            try {
                admit(record, runs, claims, finishes);
                accepted.add(record.value());
            } catch (InvalidEventException e) {
                rejected.add(new Judgement.Rejected(record, e.reason(), e.getMessage()));
            } catch (RuntimeException e) {
                // A check that fails on input nobody foresaw must park the record, not stop the partition.
                rejected.add(new Judgement.Rejected(record, RejectReason.CONTRACT,
                        "the record could not be checked: " + e));
            }
        }
        return new Judgement(accepted, rejected, claims, finishes);
    }

    private void admit(ConsumerRecord<String, EventEnvelope> record, Map<UUID, RunState> runs,
            List<RunState.TagClaim> claims, List<RunState.Finish> finishes) {
        EventEnvelope envelope = record.value();
        if (envelope == null) {
            Header failure = record.headers().lastHeader(EventValueDeserializer.FAILURE_HEADER);
            throw new InvalidEventException(RejectReason.UNPARSABLE, failure == null ? "record has no value"
                    : "not a JSON event envelope: " + new String(failure.value(), StandardCharsets.UTF_8));
        }
        validator.check(record.key(), envelope);
        RunState run = runs.get(envelope.jobId());
        if (run == null) {
            throw new InvalidEventException(RejectReason.UNKNOWN_JOB, "unknown job " + envelope.jobId());
        }
        EventPayload payload = envelope.payload();
        if (payload instanceof JobStatusChanged change) {
            RunState.Finish finish = run.admitStatus(change.status(), envelope.attempt(), record.partition(),
                    record.offset(), limits.maxAttempt());
            if (finish != null) {
                finishes.add(finish);
            }
            return;
        }
        run.requireCurrent(envelope.attempt(), record.partition(), record.offset());
        if (payload instanceof ProgressReported progress) {
            requireStep(run, progress.step());
            return;
        }
        if (payload instanceof CheckpointSaved saved) {
            requireStep(run, saved.step());
            return;
        }
        OptionalLong lastStep = PayloadWriter.lastStep(payload);
        if (lastStep.isPresent()) {
            requireStep(run, lastStep.getAsLong());
        }
        Map<String, PluginKind> used = new LinkedHashMap<>();
        PayloadRules.tags(payload, (tag, kind) -> {
            PluginKind earlier = used.putIfAbsent(tag, kind);
            if (earlier != null && earlier != kind) {
                throw new InvalidEventException(RejectReason.TAG_KIND, "tag " + TagNames.printable(tag)
                        + " is used for both " + earlier + " and " + kind);
            }
        });
        claims.addAll(run.claim(used));
    }

    private static void requireStep(RunState run, long step) {
        if (step > run.lastStep()) {
            throw new InvalidEventException(RejectReason.STEP, "step " + step + " is beyond the job's last step "
                    + run.lastStep() + " (epochs x steps per epoch)");
        }
    }
}
