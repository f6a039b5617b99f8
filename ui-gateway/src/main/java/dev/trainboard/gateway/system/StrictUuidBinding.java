package dev.trainboard.gateway.system;

import java.beans.PropertyEditorSupport;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Reads job ids only in their canonical 36-character form. {@link UUID#fromString} also takes shortened groups
 * ({@code 1-2-3-4-5}) and pads them, so a mistyped id would silently name a different job. A property editor,
 * not a converter, because Spring falls back to its own lenient UUID editor when a converter refuses a value.
 */
@ControllerAdvice
class StrictUuidBinding {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @InitBinder
    void strictUuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (!CANONICAL.matcher(text).matches()) {
                    throw new IllegalArgumentException("Not a UUID in canonical form");
                }
                setValue(UUID.fromString(text));
            }
        });
    }
}
