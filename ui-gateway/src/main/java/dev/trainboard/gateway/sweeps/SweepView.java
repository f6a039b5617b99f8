package dev.trainboard.gateway.sweeps;

import dev.trainboard.events.api.JobView;
import java.util.List;

/** The answer to a sweep: its name and the jobs it created, in grid order. */
public record SweepView(String sweep, List<JobView> jobs) {
}
