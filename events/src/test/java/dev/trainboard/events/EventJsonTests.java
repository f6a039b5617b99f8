package dev.trainboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ObjectNode;

/** Pins the wire format: each golden file under {@code golden/} is what the example envelope serialises to. */
class EventJsonTests {

    private static final UUID JOB = UUID.fromString("7d3f9a52-0c1e-4b8e-9a65-2f1d7c4e8b10");
    private static final Instant EMITTED = Instant.parse("2026-11-27T12:00:00Z");
    private static final double WALL = 1795795720.25;

    static Stream<Arguments> examples() {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("learningRate", 0.001);
        hparams.put("optimizer", "adam");
        return Stream.of(
                Arguments.of("JobSubmitted", new JobSubmitted(JobSpec.tutorial("mnist1"))),
                Arguments.of("JobStatusChanged", JobStatusChanged.running("cpu", "trainer-1")),
                Arguments.of("ProgressReported", new ProgressReported(0, 2, 250, 1200, 13000.5, 7.3, 0.21)),
                Arguments.of("ScalarsLogged", new ScalarsLogged(List.of(
                        new ScalarPoint("training loss", 99, WALL, 0.6451),
                        new ScalarPoint("accuracy", 99, WALL, 0.823)))),
                Arguments.of("ImageLogged", new ImageLogged("mnist_images", 0, WALL, 242, 242, 3,
                        new byte[] {(byte) 0x89, 'P', 'N', 'G'})),
                Arguments.of("GraphLogged", new GraphLogged(List.of(
                        new GraphNode("input", "Input", List.of(), List.of(100L, 784L), Map.of()),
                        new GraphNode("Sequential/Linear_1", "Linear", List.of("input"), List.of(100L, 500L),
                                Map.of("units", "500"))))),
                Arguments.of("HistogramLogged", new HistogramLogged("l1.bias", 1, WALL, -0.5, 0.5, 4, 0.1, 0.6,
                        List.of(0.0, 0.5), List.of(2.0, 2.0))),
                Arguments.of("PrCurveLogged", new PrCurveLogged("3", 0, WALL, 2,
                        List.of(3.0, 1.0), List.of(2.0, 0.0), List.of(0.0, 2.0), List.of(0.0, 2.0),
                        List.of(0.6, 1.0), List.of(1.0, 0.3333))),
                Arguments.of("TextLogged", new TextLogged("spec/text_summary", 0, WALL, "**lr** 0.001")),
                Arguments.of("HParamsLogged", new HParamsLogged(hparams, Map.of("test accuracy", 0.97), "SUCCESS")),
                Arguments.of("EmbeddingLogged", new EmbeddingLogged("mnist_test", 0,
                        List.of(List.of(0.5f, 1.0f), List.of(0.0f, 0.25f)), List.of("7", "2"), null, 28)),
                Arguments.of("CheckpointSaved", new CheckpointSaved(600, 1,
                        JOB + "/checkpoints/step-000000000600", false, 4_771_012)),
                Arguments.of("CancelRequested", new CancelRequested("user asked")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleSerialisesToItsGoldenFile(String type, EventPayload payload) throws IOException {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SCHEMA_VERSION, JOB, 1, EMITTED, payload);

        JsonNode written = EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(envelope));

        assertThat(written).isEqualTo(golden(type));
        assertThat(written.get("type").asString()).isEqualTo(type);
        // A reader deserializes the payload in one pass only when the type comes first.
        assertThat(written.propertyNames()).containsExactly("schemaVersion", "type", "jobId", "attempt", "emittedAt",
                "payload");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void payloadBeforeTypeReadsTheSame(String type, EventPayload payload) throws IOException {
        ObjectNode payloadFirst = EventJson.mapper().createObjectNode();
        payloadFirst.set("payload", golden(type).get("payload"));
        payloadFirst.setAll((ObjectNode) golden(type));

        EventEnvelope read = EventJson.mapper().readValue(payloadFirst.toString(), EventEnvelope.class);

        assertThat(payloadFirst.propertyNames().iterator().next()).isEqualTo("payload");
        assertThat(read).usingRecursiveComparison()
                .isEqualTo(EventJson.mapper().treeToValue(golden(type), EventEnvelope.class));
        assertThat(read.payload()).isInstanceOf(payload.getClass());
    }

    @Test
    void everyPayloadRecordHasAWireName() {
        for (Class<?> record : EventPayload.class.getPermittedSubclasses()) {
            assertThat(PayloadTypes.byName(record.getSimpleName())).as(record.getSimpleName()).isEqualTo(record);
        }
    }

    @Test
    void envelopeWithoutPayloadRoundTripsWithoutType() {
        // what the dead-letter recoverer writes for an envelope that failed validation for lack of a payload
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SCHEMA_VERSION, JOB, 1, EMITTED, null);

        String json = EventJson.mapper().writeValueAsString(envelope);

        assertThat(EventJson.mapper().readTree(json).has("type")).isFalse();
        assertThat(EventJson.mapper().readValue(json, EventEnvelope.class)).isEqualTo(envelope);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void goldenFileReadsBackAsItsType(String type, EventPayload payload) throws IOException {
        EventEnvelope read = EventJson.mapper().treeToValue(golden(type), EventEnvelope.class);

        assertThat(read.payload()).isInstanceOf(payload.getClass());
        assertThat(read.jobId()).isEqualTo(JOB);
        assertThat(read.emittedAt()).isEqualTo(EMITTED);
        JsonNode writtenAgain = EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(read));
        assertThat(writtenAgain).isEqualTo(golden(type));
    }

    /** Envelopes a reader must refuse, each as the fields after {@code schemaVersion} and the error it gives. */
    static Stream<Arguments> malformedEnvelopes() {
        String head = "\"jobId\":\"" + JOB + "\",\"attempt\":1,\"emittedAt\":\"2026-11-27T12:00:00Z\"";
        return Stream.of(
                Arguments.of("unknown type", "\"type\":\"Nope\"," + head + ",\"payload\":{}",
                        InvalidTypeIdException.class),
                Arguments.of("unknown type after the payload", head + ",\"payload\":{},\"type\":\"Nope\"",
                        InvalidTypeIdException.class),
                Arguments.of("payload without a type", head + ",\"payload\":{\"reason\":\"x\"}",
                        InvalidTypeIdException.class),
                Arguments.of("unknown envelope field",
                        "\"type\":\"CancelRequested\"," + head + ",\"extra\":1,\"payload\":{\"reason\":\"x\"}",
                        UnrecognizedPropertyException.class),
                Arguments.of("unknown payload field",
                        "\"type\":\"CancelRequested\"," + head + ",\"payload\":{\"reason\":\"x\",\"extra\":1}",
                        UnrecognizedPropertyException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEnvelopes")
    void malformedEnvelopeIsRejected(String description, String fields, Class<? extends Exception> error) {
        String json = "{\"schemaVersion\":1," + fields + "}";

        assertThatThrownBy(() -> EventJson.mapper().readValue(json, EventEnvelope.class)).isInstanceOf(error);
    }

    private static JsonNode golden(String type) throws IOException {
        try (InputStream in = EventJsonTests.class.getResourceAsStream("/golden/" + type + ".json")) {
            assertThat(in).as("golden file for %s", type).isNotNull();
            return EventJson.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
