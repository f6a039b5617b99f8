package dev.trainboard.metrics.jobs;

import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The internal job API the gateway calls: register, list, inspect and cancel jobs. */
@RestController
@RequestMapping("/internal/jobs")
public class JobController {

    private final JobRegistry registry;
    private final JobRepository jobs;

    public JobController(JobRegistry registry, JobRepository jobs) {
        this.registry = registry;
        this.jobs = jobs;
    }

    @PostMapping
    public ResponseEntity<JobView> register(@Valid @RequestBody RegisterJobRequest request) {
        JobRegistry.Registration registration = registry.register(request);
        JobView job = registration.job();
        if (!registration.created()) {
            return ResponseEntity.ok(job);
        }
        return ResponseEntity.created(URI.create("/internal/jobs/" + job.id())).body(job);
    }

    @GetMapping
    public JobPage list(@RequestParam(required = false) JobStatus status,
            @RequestParam(required = false) @Size(max = 64) String sweep,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return new JobPage(jobs.findPage(status, sweep, page, size), page, size, jobs.count(status, sweep));
    }

    @GetMapping("/{id}")
    public JobView get(@PathVariable UUID id) {
        return jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(registry.cancel(id));
    }
}
