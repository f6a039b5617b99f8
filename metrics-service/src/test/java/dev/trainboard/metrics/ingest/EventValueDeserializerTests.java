package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

class EventValueDeserializerTests {

    private final EventValueDeserializer<EventEnvelope> deserializer = new EventValueDeserializer<>(
            new JacksonJsonDeserializer<>(EventEnvelope.class, EventJson.mapper(), false));

    @Test
    void anEnvelopeIsReadAndItsBytesKept() {
        EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID(), 1,
                new ScalarsLogged(List.of(new ScalarPoint("loss", 1, 1.7e9, 0.5))));
        byte[] bytes = EventJson.mapper().writeValueAsBytes(envelope);
        Headers headers = new RecordHeaders();

        assertThat(deserializer.deserialize(Topics.EVENTS, headers, bytes)).isEqualTo(envelope);
        assertThat(headers.lastHeader(EventValueDeserializer.RAW_VALUE_HEADER).value()).isSameAs(bytes);
        assertThat(headers.lastHeader(EventValueDeserializer.FAILURE_HEADER)).isNull();
    }

    @Test
    void aValueThatDoesNotParseIsNullWithTheParsersFirstLine() {
        byte[] bytes = "{\"schemaVersion\":1,\"type\":".getBytes(StandardCharsets.UTF_8);
        Headers headers = new RecordHeaders();

        assertThat(deserializer.deserialize(Topics.EVENTS, headers, bytes)).isNull();
        assertThat(headers.lastHeader(EventValueDeserializer.RAW_VALUE_HEADER).value()).isSameAs(bytes);
        assertThat(new String(headers.lastHeader(EventValueDeserializer.FAILURE_HEADER).value(),
                StandardCharsets.UTF_8)).startsWith("Unexpected end-of-input").doesNotContain("\n");
        assertThat(headers.headers(EventValueDeserializer.FAILURE_HEADER)).hasSize(1);
    }

    @Test
    void headersOfTheSameNamesFromAProducerAreDropped() {
        EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID(), 1, new ScalarsLogged(List.of()));
        byte[] bytes = EventJson.mapper().writeValueAsBytes(envelope);
        Headers headers = new RecordHeaders();
        headers.add(EventValueDeserializer.RAW_VALUE_HEADER, "forged".getBytes(StandardCharsets.UTF_8));
        headers.add(EventValueDeserializer.FAILURE_HEADER, "forged".getBytes(StandardCharsets.UTF_8));

        assertThat(deserializer.deserialize(Topics.EVENTS, headers, bytes)).isEqualTo(envelope);
        assertThat(headers.headers(EventValueDeserializer.RAW_VALUE_HEADER)).singleElement()
                .satisfies(header -> assertThat(header.value()).isSameAs(bytes));
        assertThat(headers.lastHeader(EventValueDeserializer.FAILURE_HEADER)).isNull();

        Headers tombstone = new RecordHeaders();
        tombstone.add(EventValueDeserializer.FAILURE_HEADER, "forged".getBytes(StandardCharsets.UTF_8));
        assertThat(deserializer.deserialize(Topics.EVENTS, tombstone, (byte[]) null)).isNull();
        assertThat(tombstone.toArray()).isEmpty();
    }
}
