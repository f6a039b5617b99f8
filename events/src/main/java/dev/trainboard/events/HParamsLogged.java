package dev.trainboard.events;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * The job's hyperparameters and the metrics they led to, for TensorBoard's hparams table.
 *
 * @param hparams values are numbers, strings or booleans
 * @param metrics metric tag to final value; each tag is also logged as a scalar
 * @param status how the session ended: {@code SUCCESS}, {@code FAILURE} or {@code RUNNING}
 */
public record HParamsLogged(@NotEmpty Map<String, Object> hparams, @NotNull Map<String, Double> metrics,
        @NotNull String status) implements EventPayload {
}
