package dev.trainboard.events;

import java.util.regex.Pattern;

/**
 * The rule for run names. A run name becomes a directory under the TensorBoard log dir, so the rule
 * admits no separator, no leading dot and nothing longer than 64 characters.
 */
public final class RunName {

    /** The pattern as a string, for annotations. */
    public static final String REGEX = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private RunName() {
    }

    /** Whether {@code name} is a legal run name; {@code null} is not. */
    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
