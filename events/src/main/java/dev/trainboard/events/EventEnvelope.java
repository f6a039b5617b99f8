package dev.trainboard.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One message on a TrainBoard topic. JSON shape:
 * {@code {"schemaVersion":1,"type":"ScalarsLogged","jobId":"...","attempt":1,"emittedAt":"...","payload":{...}}}.
 * {@code type} is written before {@code payload} so that a reader can deserialize the payload as it arrives;
 * readers accept the fields in any order.
 *
 * @param schemaVersion version of this contract; consumers reject versions they do not know
 * @param jobId the job the payload belongs to, also the record key
 * @param attempt 1 for a job's first run, incremented each time a trainer runs it again after a crash
 * @param emittedAt when the producer built the message
 * @param payload the event itself; its record name is written as {@code type}
 */
@JsonSerialize(using = EventEnvelopeSerializer.class)
@JsonDeserialize(using = EventEnvelopeDeserializer.class)
public record EventEnvelope(
        @Min(1) int schemaVersion,
        @NotNull UUID jobId,
        @Min(1) int attempt,
        @NotNull Instant emittedAt,
        @NotNull @Valid EventPayload payload) {

    /** The only schema version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    /** An envelope stamped with the current schema version and time. */
    public static EventEnvelope of(UUID jobId, int attempt, EventPayload payload) {
        return new EventEnvelope(SCHEMA_VERSION, jobId, attempt, Instant.now(), payload);
    }
}
