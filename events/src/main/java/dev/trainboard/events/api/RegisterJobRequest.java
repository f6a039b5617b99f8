package dev.trainboard.events.api;

import dev.trainboard.events.JobSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /internal/jobs}.
 *
 * @param idempotencyKey when a job with this key exists already, registration returns it instead of a new one
 */
public record RegisterJobRequest(@NotNull @Valid JobSpec spec, @Size(max = 200) String idempotencyKey) {
}
