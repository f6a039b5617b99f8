package dev.trainboard.gateway.system;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/** Turns the reason Jackson could not read a body into a violation that names the field and the rule. */
@Component
class BodyReadErrors {

    static final String BODY = "body";

    private final JsonMapper mapper;

    BodyReadErrors(JsonMapper mapper) {
        this.mapper = mapper;
    }

    FieldViolation describe(Throwable failure) {
        JacksonException jackson = find(failure, JacksonException.class);
        if (jackson == null) {
            return new FieldViolation(BODY, "Required", "A JSON request body is required");
        }
        String field = path(jackson);
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return new FieldViolation(field, "UnknownField",
                    "Unknown field; known fields are " + names(unknown.getKnownPropertyIds()));
        }
        if (jackson instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return new FieldViolation(field, "OneOf", "Must be one of " + wireNames(invalid.getTargetType()));
        }
        if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldViolation(field, "Type", "Must be " + describeType(mismatch.getTargetType()));
        }
        if (jackson instanceof StreamReadException && !field.equals(BODY)) {
            return new FieldViolation(field, "Type", jackson.getOriginalMessage());
        }
        return new FieldViolation(field, "MalformedJson", jackson.getOriginalMessage());
    }

    private static String path(JacksonException exception) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : exception.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? BODY : path.toString();
    }

    private String describeType(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + wireNames(type);
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }

    private String wireNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(constant -> mapper.valueToTree(constant).asString())
                .collect(Collectors.joining(", "));
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }
}
