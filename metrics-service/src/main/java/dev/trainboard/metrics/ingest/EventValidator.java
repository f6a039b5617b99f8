package dev.trainboard.metrics.ingest;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.metrics.tensorboard.PayloadWriter;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
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

    private final Validator validator;

    public EventValidator(Validator validator) {
        this.validator = validator;
    }

    /** Throws {@link InvalidEventException} naming the first problem found. */
    public void check(String key, EventEnvelope envelope) {
        if (envelope.schemaVersion() != EventEnvelope.SCHEMA_VERSION) {
            throw new InvalidEventException("Unknown schemaVersion " + envelope.schemaVersion());
        }
        Set<ConstraintViolation<EventEnvelope>> violations = validator.validate(envelope);
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
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    private static void checkPayload(EventPayload payload) {
        if (payload instanceof JobSubmitted || payload instanceof CancelRequested) {
            throw new InvalidEventException(payload.getClass().getSimpleName() + " does not belong on this topic");
        } else if (payload instanceof ScalarsLogged scalars) {
            scalars.points().forEach(point -> text(point.tag()));
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
