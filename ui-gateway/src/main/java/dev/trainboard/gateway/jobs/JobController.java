package dev.trainboard.gateway.jobs;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.RunName;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.gateway.system.FieldViolation;
import dev.trainboard.gateway.system.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Submitting, listing, inspecting, cancelling and deleting jobs. */
@RestController
@RequestMapping("/api/jobs")
@Tag(name = "jobs")
class JobController {

    private final JobSpecFactory specs;
    private final JobsClient jobs;

    JobController(JobSpecFactory specs, JobsClient jobs) {
        this.specs = specs;
        this.jobs = jobs;
    }

    @Operation(summary = "Submit a job", description = "Answers 202 with the queued job; a retried request with "
            + "the same Idempotency-Key and body answers with the job the first one created (a run name left out "
            + "is derived from the key); the same key with another body is refused with 422.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody JobRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        JobSpec spec = specs.resolve(request, null, idempotencyKey);
        List<FieldViolation> violations = specs.violations(spec);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        JobView job = jobs.register(new RegisterJobRequest(spec, idempotencyKey));
        return ResponseEntity.accepted().location(locationOf(job.id())).body(job);
    }

    @Operation(summary = "List jobs, newest first")
    @GetMapping
    JobPage list(@RequestParam(name = "status", required = false) JobStatus status,
            @RequestParam(name = "sweep", required = false) @Pattern(regexp = RunName.REGEX) String sweep,
            @RequestParam(name = "page", defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(name = "size", defaultValue = "20") @Min(1) @Max(100) int size) {
        return jobs.list(status, sweep, page, size);
    }

    @Operation(summary = "A job: status, attempt, device, progress with ETA, final metrics, error")
    @GetMapping("/{id}")
    JobView get(@PathVariable("id") UUID id) {
        return jobs.get(id);
    }

    @Operation(summary = "Cancel an active job, or delete a finished one",
            description = "Two behaviours by the job's status. QUEUED or RUNNING: **cancel**, 202 with the job; a "
                    + "queued job is skipped, a running one stops at its next batch and ends CANCELLED, and its data "
                    + "stays. SUCCEEDED, FAILED or CANCELLED: **delete**, 204; the job, its metrics, its TensorBoard "
                    + "event files (TensorBoard drops the run at its next reload) and its artifacts (the model, the "
                    + "checkpoints) are removed for good, and the run name is free again. Needs the submitter token.",
            responses = {
                @ApiResponse(responseCode = "202", description = "cancel requested; the job as it stands"),
                @ApiResponse(responseCode = "204", description = "the finished job is deleted"),
                @ApiResponse(responseCode = "404", description = "no such job")})
    @DeleteMapping("/{id}")
    ResponseEntity<JobView> cancelOrDelete(@PathVariable("id") UUID id) {
        ResponseEntity<JobView> upstream = jobs.deleteOrCancel(id);
        return ResponseEntity.status(upstream.getStatusCode()).body(upstream.getBody());
    }

    /** Where a job can be read, as an absolute URL. */
    static URI locationOf(UUID id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/jobs/{id}").buildAndExpand(id).toUri();
    }
}
