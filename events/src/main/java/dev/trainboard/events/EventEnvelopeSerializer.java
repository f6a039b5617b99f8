package dev.trainboard.events;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes an envelope with {@code type} before {@code payload}, so that {@link EventEnvelopeDeserializer}
 * can read the payload straight into its record. Jackson's external type id would write {@code type}
 * after the payload.
 */
final class EventEnvelopeSerializer extends StdSerializer<EventEnvelope> {

    EventEnvelopeSerializer() {
        super(EventEnvelope.class);
    }

    @Override
    public void serialize(EventEnvelope envelope, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeStartObject(envelope);
        gen.writeNumberProperty("schemaVersion", envelope.schemaVersion());
        if (envelope.payload() != null) {
            gen.writeStringProperty("type", PayloadTypes.nameOf(envelope.payload()));
        }
        ctxt.defaultSerializeProperty("jobId", envelope.jobId(), gen);
        gen.writeNumberProperty("attempt", envelope.attempt());
        ctxt.defaultSerializeProperty("emittedAt", envelope.emittedAt(), gen);
        ctxt.defaultSerializeProperty("payload", envelope.payload(), gen);
        gen.writeEndObject();
    }
}
