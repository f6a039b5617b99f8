package dev.trainboard.trainer.jobs;

import dev.trainboard.events.api.JobView;
import dev.trainboard.trainer.system.MetricsServiceProperties;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks the job registry (the metrics service's {@code GET /internal/jobs/{id}}) what it knows about a job. */
@Component
class JobRegistryClient {

    private final RestClient registry;

    JobRegistryClient(RestClient.Builder builder, MetricsServiceProperties properties) {
        this.registry = builder.baseUrl(properties.url().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.internalToken())
                .build();
    }

    /**
     * The registered job, or empty when the registry does not know the id.
     *
     * @throws RegistryUnavailableException when the registry cannot say (unreachable, an error, no credential)
     */
    Optional<JobView> find(UUID jobId) {
        try {
            return registry.get().uri("/internal/jobs/{id}", jobId).exchange((request, response) -> {
                if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                    return Optional.empty();
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new RegistryUnavailableException("the job registry answered " + response.getStatusCode()
                            + " for job " + jobId, null);
                }
                return Optional.ofNullable(response.bodyTo(JobView.class));
            });
        } catch (RestClientException e) {
            throw new RegistryUnavailableException("the job registry did not answer for job " + jobId + ": "
                    + e.getMessage(), e);
        }
    }
}
