package dev.trainboard.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** A batch of scalar points, of one or more tags. */
public record ScalarsLogged(@NotEmpty List<@Valid ScalarPoint> points) implements EventPayload {
}
