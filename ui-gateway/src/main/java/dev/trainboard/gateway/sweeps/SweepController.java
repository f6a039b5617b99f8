package dev.trainboard.gateway.sweeps;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.gateway.jobs.IdempotencyKey;
import dev.trainboard.gateway.jobs.JobsClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Submitting a grid of jobs in one request. */
@RestController
@Tag(name = "sweeps")
class SweepController {

    private final SweepPlanner planner;
    private final JobsClient jobs;

    SweepController(SweepPlanner planner, JobsClient jobs) {
        this.planner = planner;
        this.jobs = jobs;
    }

    @Operation(summary = "Submit one job per grid combination", description = "Every job is checked before any is "
            + "created. With an Idempotency-Key, job i is registered under '<key>/<i>', so a retried sweep "
            + "returns the jobs created the first time.")
    @PostMapping(path = "/api/sweeps", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SweepView> submit(@Valid @RequestBody SweepRequest sweep,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        List<JobSpec> specs = planner.plan(sweep);
        List<JobView> created = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String key = idempotencyKey != null ? idempotencyKey + "/" + i : null;
            created.add(jobs.register(new RegisterJobRequest(specs.get(i), key)));
        }
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/jobs")
                        .queryParam("sweep", sweep.name()).build().toUri())
                .body(new SweepView(sweep.name(), created));
    }
}
