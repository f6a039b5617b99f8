package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import jakarta.validation.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventValidatorTests {

    private static final UUID JOB = UUID.randomUUID();

    private final EventValidator validator =
            new EventValidator(Validation.buildDefaultValidatorFactory().getValidator(), IngestLimits.defaults());

    @Test
    void aValidEnvelopePasses() {
        assertThatCode(() -> check(new ScalarsLogged(List.of(new ScalarPoint("loss", 1, 1.0, 0.5)))))
                .doesNotThrowAnyException();
    }

    @Test
    void annotationViolationsNameTheField() {
        assertThatThrownBy(() -> check(new ScalarsLogged(List.of(new ScalarPoint("", -1, 1.0, 0.5)))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("payload.points[0].step")
                .hasMessageContaining("payload.points[0].tag");
    }

    @Test
    void anUnknownSchemaVersionIsRejected() {
        EventEnvelope future = new EventEnvelope(2, JOB, 1, Instant.now(), new TextLogged("t", 0, 0, "x"));

        assertThatThrownBy(() -> validator.check(JOB.toString(), future)).hasMessageContaining("schemaVersion");
    }

    @Test
    void theKeyMustBeTheJobId() {
        EventEnvelope envelope = EventEnvelope.of(JOB, 1, new TextLogged("t", 0, 0, "x"));

        assertThatThrownBy(() -> validator.check("someone-else", envelope)).hasMessageContaining("key");
    }

    @Test
    void rulesTheAnnotationsCannotExpressAreChecked() {
        assertThatThrownBy(() -> check(new CancelRequested("no"))).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> check(new HistogramLogged("h", 0, 0, 0, 1, 1, 1, 1, List.of(1.0), List.of(1.0, 2.0))))
                .hasMessageContaining("bucketCounts");
        assertThatThrownBy(() -> check(new TextLogged("t", 0, 0, "x\0"))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> check(new ImageLogged("i", 0, 0, 1, 1, 1, new byte[] {1, 2, 3})))
                .hasMessageContaining("PNG");
        assertThatThrownBy(() -> check(new GraphLogged(List.of(new GraphNode("a", "Linear", List.of("ghost"), null,
                null))))).hasMessageContaining("ghost");
        assertThatThrownBy(() -> check(new HParamsLogged(Map.of("lr", List.of(1)), Map.of(), "SUCCESS")))
                .hasMessageContaining("lr");
        assertThatThrownBy(() -> check(new HParamsLogged(Map.of("lr", 1), Map.of(), "MAYBE")))
                .hasMessageContaining("status");
    }

    private void check(EventPayload payload) {
        validator.check(JOB.toString(), EventEnvelope.of(JOB, 1, payload));
    }
}
