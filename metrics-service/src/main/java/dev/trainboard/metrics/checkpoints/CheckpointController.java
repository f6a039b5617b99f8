package dev.trainboard.metrics.checkpoints;

import dev.trainboard.metrics.jobs.JobNotFoundException;
import dev.trainboard.metrics.jobs.JobRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Lists a job's checkpoints and final model for the gateway. */
@RestController
class CheckpointController {

    private final JobRepository jobs;
    private final CheckpointRepository checkpoints;

    CheckpointController(JobRepository jobs, CheckpointRepository checkpoints) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
    }

    @GetMapping("/internal/jobs/{id}/checkpoints")
    List<CheckpointView> checkpoints(@PathVariable UUID id) {
        if (!jobs.exists(id)) {
            throw new JobNotFoundException(id);
        }
        return checkpoints.list(id);
    }
}
