package dev.trainboard.trainer.jobs;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.trainer.system.RecordChecks;
import dev.trainboard.trainer.system.RejectedRecordException;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * Decides whether a record on {@link Topics#JOBS} is a job this trainer may run: a valid {@code JobSubmitted}
 * keyed by its own job id, which the registry holds, not yet finished, with exactly the spec (run name included)
 * the registry holds. A job the registry shows RUNNING is admitted: that is the redelivery after a trainer died,
 * and the next attempt must run. Anything else is refused with a {@link RejectedRecordException}.
 */
@Component
class JobAdmission {

    private final Validator validator;
    private final JobRegistryClient registry;

    JobAdmission(Validator validator, JobRegistryClient registry) {
        this.validator = validator;
        this.registry = registry;
    }

    JobSubmitted admit(ConsumerRecord<?, EventEnvelope> record) {
        EventEnvelope envelope = RecordChecks.validEnvelope(record, validator);
        if (!(envelope.payload() instanceof JobSubmitted job)) {
            throw new RejectedRecordException("expected a JobSubmitted on " + Topics.JOBS + " but got "
                    + envelope.payload().getClass().getSimpleName());
        }
        JobView registered = registry.find(envelope.jobId()).orElseThrow(() -> new RejectedRecordException(
                "job " + envelope.jobId() + " is not registered"));
        if (registered.status().isTerminal()) {
            throw new RejectedRecordException("job " + envelope.jobId() + " is " + registered.status() + " already");
        }
        if (!registered.spec().equals(job.spec())) {
            throw new RejectedRecordException("the record's spec (run name '" + RecordChecks.abbreviate(job.spec().runName())
                    + "') differs from the spec registered for job " + envelope.jobId() + " (run name '"
                    + registered.runName() + "')");
        }
        return job;
    }
}
