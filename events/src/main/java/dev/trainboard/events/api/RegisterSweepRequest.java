package dev.trainboard.events.api;

import dev.trainboard.events.JobSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /internal/sweeps}: the jobs of one sweep, registered all together or not at all.
 *
 * @param idempotencyKey when set, job i is registered under {@code <key>/<i>}; a retry with the same key and the
 *     same specs returns the jobs created the first time
 */
public record RegisterSweepRequest(@NotEmpty @Size(max = 256) List<@NotNull @Valid JobSpec> specs,
        @Size(max = 190) String idempotencyKey) {
}
