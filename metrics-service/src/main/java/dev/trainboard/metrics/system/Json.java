package dev.trainboard.metrics.system;

import dev.trainboard.events.EventJson;
import tools.jackson.core.type.TypeReference;

/** Reads and writes the JSON the service keeps in {@code jsonb} and {@code text} columns. */
public final class Json {

    private Json() {
    }

    public static String write(Object value) {
        return value == null ? null : EventJson.mapper().writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return json == null ? null : EventJson.mapper().readValue(json, type);
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return json == null ? null : EventJson.mapper().readValue(json, type);
    }
}
