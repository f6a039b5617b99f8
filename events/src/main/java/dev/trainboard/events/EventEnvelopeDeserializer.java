package dev.trainboard.events;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Reads an envelope in one pass when {@code type} comes before {@code payload}, as
 * {@link EventEnvelopeSerializer} writes it: the payload goes straight into the record its type names.
 * Jackson's own external type id copies every payload into a token buffer first, whatever the order, which
 * was about a third of the time spent reading a batch of 100 scalar points. A payload that comes first
 * (JSON from another writer, or written before this order) is still read, through that buffer.
 */
final class EventEnvelopeDeserializer extends StdDeserializer<EventEnvelope> {

    EventEnvelopeDeserializer() {
        super(EventEnvelope.class);
    }

    @Override
    public EventEnvelope deserialize(JsonParser p, DeserializationContext ctxt) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            token = p.nextToken();
        } else if (token != JsonToken.PROPERTY_NAME && token != JsonToken.END_OBJECT) {
            return (EventEnvelope) ctxt.handleUnexpectedToken(EventEnvelope.class, p);
        }
        int schemaVersion = 0;
        UUID jobId = null;
        int attempt = 0;
        Instant emittedAt = null;
        Class<?> payloadType = null;
        EventPayload payload = null;
        TokenBuffer payloadAhead = null;
        for (; token == JsonToken.PROPERTY_NAME; token = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "schemaVersion" -> schemaVersion = _parseIntPrimitive(p, ctxt);
                case "type" -> payloadType = payloadType(ctxt, ctxt.readValue(p, String.class));
                case "jobId" -> jobId = ctxt.readValue(p, UUID.class);
                case "attempt" -> attempt = _parseIntPrimitive(p, ctxt);
                case "emittedAt" -> emittedAt = ctxt.readValue(p, Instant.class);
                case "payload" -> {
                    if (p.currentToken() == JsonToken.VALUE_NULL) {
                        payload = null;
                    } else if (payloadType != null) {
                        payload = (EventPayload) ctxt.readValue(p, payloadType);
                    } else {
                        payloadAhead = ctxt.bufferAsCopyOfValue(p);
                    }
                }
                default -> ctxt.handleUnknownProperty(p, this, EventEnvelope.class, name);
            }
        }
        if (payloadAhead != null) {
            if (payloadType == null) {
                throw ctxt.missingTypeIdException(ctxt.constructType(EventPayload.class), "no 'type' in the envelope");
            }
            try (JsonParser buffered = payloadAhead.asParserOnFirstToken(ctxt)) {
                payload = (EventPayload) ctxt.readValue(buffered, payloadType);
            }
        }
        return new EventEnvelope(schemaVersion, jobId, attempt, emittedAt, payload);
    }

    private static Class<?> payloadType(DeserializationContext ctxt, String name) {
        Class<?> type = PayloadTypes.byName(name);
        if (type == null) {
            throw ctxt.invalidTypeIdException(ctxt.constructType(EventPayload.class), name,
                    "known types: " + PayloadTypes.knownNames());
        }
        return type;
    }
}
