package dev.trainboard.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of the contracts. Services hand this mapper to spring-kafka's Jackson serializer and
 * deserializer so that producers and consumers agree byte for byte with the golden files.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventJson() {
    }

    /** A shared, immutable mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
