package dev.trainboard.metrics.ingest;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.metrics.checkpoints.ArtifactPaths;
import dev.trainboard.metrics.tensorboard.PayloadWriter;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks an envelope from {@code trainboard.events} against the contract: the annotations on the records,
 * plus the rules they cannot express (schema version, list lengths, what PostgreSQL text cannot hold).
 */
@Component
public class EventValidator {

    /** Stands in for a scalar batch while the envelope's own fields are validated; its points are checked by hand. */
    private static final ScalarsLogged POINTLESS = new ScalarsLogged(List.of(new ScalarPoint("-", 0, 0, 0)));

    private final Validator validator;

    public EventValidator(Validator validator) {
        this.validator = validator;
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
        checkPayload(envelope.payload());
        try {
            PayloadWriter.check(envelope.payload());
            if (envelope.payload() instanceof CheckpointSaved saved) {
                ArtifactPaths.check(envelope.jobId(), saved.path(), saved.finalModel());
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    private static void checkPayload(EventPayload payload) {
        if (payload instanceof JobSubmitted || payload instanceof CancelRequested) {
            throw new InvalidEventException(payload.getClass().getSimpleName() + " does not belong on this topic");
        } else if (payload instanceof ScalarsLogged scalars) {
            checkPoints(scalars);
        } else if (payload instanceof ImageLogged image) {
            text(image.tag());
        } else if (payload instanceof TextLogged text) {
            text(text.tag());
            text(text.markdown());
        } else if (payload instanceof HistogramLogged histogram) {
            text(histogram.tag());
            sameLength("bucketCounts", histogram.bucketCounts(), histogram.bucketLimits().size());
        } else if (payload instanceof PrCurveLogged curve) {
            checkPrCurve(curve);
        } else if (payload instanceof EmbeddingLogged embedding) {
            text(embedding.tag());
            sameLength("labels", embedding.labels(), embedding.vectors().size());
            int dimensions = embedding.vectors().get(0).size();
            if (dimensions == 0 || embedding.vectors().stream().anyMatch(v -> v.size() != dimensions)) {
                throw new InvalidEventException("vectors must all have the same, non-zero length");
            }
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
            } else {
                text(point.tag());
            }
            if (point != null && point.step() < 0) {
                problems.add("payload.points[" + i + "].step must be greater than or equal to 0");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(String.join("; ", problems));
        }
    }

    private static void checkPrCurve(PrCurveLogged curve) {
        text(curve.tag());
        int n = curve.numThresholds();
        sameLength("truePositives", curve.truePositives(), n);
        sameLength("falsePositives", curve.falsePositives(), n);
        sameLength("trueNegatives", curve.trueNegatives(), n);
        sameLength("falseNegatives", curve.falseNegatives(), n);
        sameLength("precision", curve.precision(), n);
        sameLength("recall", curve.recall(), n);
    }

    private static void sameLength(String field, List<?> values, int expected) {
        if (values.size() != expected) {
            throw new InvalidEventException(field + " has " + values.size() + " entries, expected " + expected);
        }
    }

    /** PostgreSQL text cannot hold NUL; such a value would fail the insert on every redelivery. */
    private static void text(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new InvalidEventException("Text contains a NUL character: " + value.replace('\0', '?'));
        }
    }
}
