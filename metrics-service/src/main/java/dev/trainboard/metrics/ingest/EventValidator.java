package dev.trainboard.metrics.ingest;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.metrics.checkpoints.ArtifactPaths;
import dev.trainboard.metrics.tensorboard.PayloadWriter;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks an envelope from {@code trainboard.events} on its own, before anything about its job is looked at: the
 * annotations on the records, plus the rules they cannot express (schema version, the {@link PayloadRules} of
 * its payload type, whether the payload can be written as a summary).
 */
@Component
public class EventValidator {

    /** Stands in for a scalar batch while the envelope's own fields are validated; its points are checked by hand. */
    private static final ScalarsLogged POINTLESS = new ScalarsLogged(List.of(new ScalarPoint("-", 0, 0, 0)));

    private final Validator validator;
    private final IngestProperties limits;

    public EventValidator(Validator validator, IngestProperties limits) {
        this.validator = validator;
        this.limits = limits;
    }

    /** Throws {@link InvalidEventException} naming the first problem found. */
    public void check(String key, EventEnvelope envelope) {
        if (envelope.schemaVersion() != EventEnvelope.SCHEMA_VERSION) {
            throw new InvalidEventException("Unknown schemaVersion " + envelope.schemaVersion());
        }
        // Scalar batches are validated without their points, which checkPoints covers.
        Set<ConstraintViolation<EventEnvelope>> violations = validator.validate(
                envelope.payload() instanceof ScalarsLogged ? new EventEnvelope(envelope.schemaVersion(),
                        envelope.jobId(), envelope.attempt(), envelope.emittedAt(), POINTLESS) : envelope);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")));
        }
        if (!envelope.jobId().toString().equals(key)) {
            throw new InvalidEventException("Record key " + key + " is not the job id " + envelope.jobId());
        }
        if (envelope.emittedAt().isBefore(Instant.EPOCH) || envelope.emittedAt().isAfter(Checks.MAX_INSTANT)) {
            throw new InvalidEventException("emittedAt must be between 1970 and 9999, was " + envelope.emittedAt());
        }
        if (envelope.payload() instanceof ScalarsLogged scalars) {
            checkPoints(scalars);
        } else if (envelope.payload() instanceof GraphLogged graph) {
            Checks.noNulls("payload.nodes", graph.nodes());
        }
        PayloadRules.check(envelope.payload(), limits);
        try {
            PayloadWriter.check(envelope.payload());
            if (envelope.payload() instanceof CheckpointSaved saved) {
                ArtifactPaths.check(envelope.jobId(), saved.path(), saved.finalModel());
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    /**
     * The constraints of {@link ScalarPoint}, checked by hand: scalars are nearly all of the traffic, and
     * cascading the validator into every point made validation the slowest step of ingestion (measured on
     * the shared 2-core machine: about 190,000 points/s through the validator, over 1.5 million by hand).
     */
    private static void checkPoints(ScalarsLogged scalars) {
        if (scalars.points() == null || scalars.points().isEmpty()) {
            throw new InvalidEventException("payload.points must not be empty");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < scalars.points().size(); i++) {
            ScalarPoint point = scalars.points().get(i);
            if (point == null || point.tag() == null || point.tag().isBlank()) {
                problems.add("payload.points[" + i + "].tag must not be blank");
            }
            if (point != null && point.step() < 0) {
                problems.add("payload.points[" + i + "].step must be greater than or equal to 0");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(String.join("; ", problems));
        }
    }
}
