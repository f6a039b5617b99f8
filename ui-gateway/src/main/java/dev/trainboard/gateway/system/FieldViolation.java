package dev.trainboard.gateway.system;

/**
 * One reason a request was refused, as it appears in the {@code errors} list of a problem body.
 *
 * @param field where the bad value is: a JSON path such as {@code grid.learningRate[1]}, a query parameter, a
 *     header or {@code body} for the body as a whole
 * @param rule the rule it broke, e.g. {@code Max}, {@code Pattern}, {@code Type}, {@code UnknownField}
 * @param message what a person should change
 */
public record FieldViolation(String field, String rule, String message) {
}
