package dev.trainboard.gateway.sweeps;

import dev.trainboard.events.RunName;
import dev.trainboard.gateway.jobs.JobRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The body of {@code POST /api/sweeps}.
 *
 * @param name the sweep's name; jobs are listed by it and run names are derived from it
 * @param base what every job shares; absent fields take the tutorial's values
 * @param grid the values to try
 * @param runNames optional explicit run names, one per combination in grid order, instead of derived ones
 */
public record SweepRequest(
        @Schema(example = "mnist") @NotNull @Pattern(regexp = RunName.REGEX) String name,
        JobRequest base,
        @NotNull @Valid SweepGrid grid,
        @Schema(example = "[\"mnist1\", \"mnist2\"]") List<String> runNames) {
}
