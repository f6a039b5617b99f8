package dev.trainboard.metrics.deletion;

import dev.trainboard.events.api.JobView;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** DELETE on a job: 202 with the job when it was still active and is now asked to stop, 204 when it is gone. */
@RestController
@RequestMapping("/internal/jobs")
class JobDeletionController {

    private final JobDeletion deletion;

    JobDeletionController(JobDeletion deletion) {
        this.deletion = deletion;
    }

    @DeleteMapping("/{id}")
    ResponseEntity<JobView> delete(@PathVariable UUID id) {
        return deletion.deleteOrCancel(id)
                .map(cancelled -> ResponseEntity.status(HttpStatus.ACCEPTED).body(cancelled))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }
}
