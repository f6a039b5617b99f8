package dev.trainboard.gateway.sweeps;

import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterSweepRequest;
import dev.trainboard.gateway.jobs.IdempotencyKey;
import dev.trainboard.gateway.jobs.JobsClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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

    @Operation(summary = "Submit one job per grid combination", description = "All or nothing: every job is checked "
            + "first, then all are registered in one transaction, so a taken run name (409) creates none of them. "
            + "A retried sweep with the same Idempotency-Key and body returns the jobs created the first time; the "
            + "same key with another body is refused with 422.")
    @PostMapping(path = "/api/sweeps", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SweepView> submit(@Valid @RequestBody SweepRequest sweep,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        List<JobView> created = jobs.registerSweep(new RegisterSweepRequest(planner.plan(sweep), idempotencyKey));
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/jobs")
                        .queryParam("sweep", sweep.name()).build().toUri())
                .body(new SweepView(sweep.name(), created));
    }
}
