package dev.trainboard.metrics.jobs;

import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterSweepRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The internal sweep API the gateway calls: all jobs of a sweep in one transaction. */
@RestController
class SweepController {

    private final JobRegistry registry;

    SweepController(JobRegistry registry) {
        this.registry = registry;
    }

    @PostMapping("/internal/sweeps")
    ResponseEntity<List<JobView>> register(@Valid @RequestBody RegisterSweepRequest request) {
        JobRegistry.SweepRegistration registration = registry.registerSweep(request);
        return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(registration.jobs());
    }
}
