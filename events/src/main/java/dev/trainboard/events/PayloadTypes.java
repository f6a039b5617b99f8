package dev.trainboard.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The wire names of the payload records, as declared once in {@link EventPayload}'s {@link JsonSubTypes}. */
final class PayloadTypes {

    private static final Map<String, Class<?>> BY_NAME = Arrays.stream(
                    EventPayload.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::name, JsonSubTypes.Type::value));

    private static final Map<Class<?>, String> NAMES = BY_NAME.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private PayloadTypes() {
    }

    /** The record a name stands for, or null for a name that is not part of the contract. */
    static Class<?> byName(String name) {
        return BY_NAME.get(name);
    }

    static String nameOf(EventPayload payload) {
        return NAMES.get(payload.getClass());
    }

    static String knownNames() {
        return BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", "));
    }
}
