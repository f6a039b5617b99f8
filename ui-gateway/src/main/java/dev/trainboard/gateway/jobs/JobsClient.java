package dev.trainboard.gateway.jobs;

import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.events.api.RegisterSweepRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The job registry's half of the metrics service's internal API. */
@Component
public class JobsClient {

    private final RestClient metricsService;

    JobsClient(RestClient metricsService) {
        this.metricsService = metricsService;
    }

    /** Registers a job, or returns the one registered earlier under the same idempotency key. */
    public JobView register(RegisterJobRequest request) {
        return metricsService.post().uri("/internal/jobs").body(request).retrieve().body(JobView.class);
    }

    /** Registers every job of a sweep in one transaction, or none of them; see {@link RegisterSweepRequest}. */
    public List<JobView> registerSweep(RegisterSweepRequest request) {
        return metricsService.post().uri("/internal/sweeps").body(request).retrieve()
                .body(new ParameterizedTypeReference<>() {
                });
    }

    public JobPage list(JobStatus status, String sweep, int page, int size) {
        return metricsService.get()
                .uri(uri -> uri.path("/internal/jobs")
                        .queryParamIfPresent("status", Optional.ofNullable(status))
                        .queryParamIfPresent("sweep", Optional.ofNullable(sweep))
                        .queryParam("page", page)
                        .queryParam("size", size)
                        .build())
                .retrieve()
                .body(JobPage.class);
    }

    public JobView get(UUID id) {
        return metricsService.get().uri("/internal/jobs/{id}", id).retrieve().body(JobView.class);
    }

    /** Cancels an active job (202 with the job) or deletes a finished one (204), as the metrics service decides. */
    public ResponseEntity<JobView> deleteOrCancel(UUID id) {
        return metricsService.delete().uri("/internal/jobs/{id}", id).retrieve().toEntity(JobView.class);
    }
}
