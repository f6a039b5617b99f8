package dev.trainboard.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * The body of an {@link EventEnvelope}. The envelope's {@code type} field names the record, so the
 * names below are part of the wire format.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobSubmitted.class, name = "JobSubmitted"),
    @JsonSubTypes.Type(value = JobStatusChanged.class, name = "JobStatusChanged"),
    @JsonSubTypes.Type(value = ProgressReported.class, name = "ProgressReported"),
    @JsonSubTypes.Type(value = ScalarsLogged.class, name = "ScalarsLogged"),
    @JsonSubTypes.Type(value = ImageLogged.class, name = "ImageLogged"),
    @JsonSubTypes.Type(value = GraphLogged.class, name = "GraphLogged"),
    @JsonSubTypes.Type(value = HistogramLogged.class, name = "HistogramLogged"),
    @JsonSubTypes.Type(value = PrCurveLogged.class, name = "PrCurveLogged"),
    @JsonSubTypes.Type(value = TextLogged.class, name = "TextLogged"),
    @JsonSubTypes.Type(value = HParamsLogged.class, name = "HParamsLogged"),
    @JsonSubTypes.Type(value = EmbeddingLogged.class, name = "EmbeddingLogged"),
    @JsonSubTypes.Type(value = CheckpointSaved.class, name = "CheckpointSaved"),
    @JsonSubTypes.Type(value = CancelRequested.class, name = "CancelRequested")
})
public sealed interface EventPayload
        permits JobSubmitted, JobStatusChanged, ProgressReported, ScalarsLogged, ImageLogged, GraphLogged,
                HistogramLogged, PrCurveLogged, TextLogged, HParamsLogged, EmbeddingLogged, CheckpointSaved,
                CancelRequested {
}
