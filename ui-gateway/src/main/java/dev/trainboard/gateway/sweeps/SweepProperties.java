package dev.trainboard.gateway.sweeps;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param maxJobs the most combinations one sweep may create */
@Validated
@ConfigurationProperties("trainboard.sweeps")
record SweepProperties(@Min(1) int maxJobs) {
}
