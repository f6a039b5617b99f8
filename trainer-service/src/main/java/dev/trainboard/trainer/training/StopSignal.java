package dev.trainboard.trainer.training;

import java.util.Optional;

/** Asked before every batch whether the job must stop. */
@FunctionalInterface
public interface StopSignal {

    StopSignal NEVER = Optional::empty;

    Optional<StopReason> pending();
}
