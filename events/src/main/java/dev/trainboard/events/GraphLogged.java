package dev.trainboard.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** The model's graph, sent once per attempt before training starts. */
public record GraphLogged(@NotEmpty List<@Valid GraphNode> nodes) implements EventPayload {
}
