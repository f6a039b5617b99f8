package dev.trainboard.gateway.stream;

import dev.trainboard.gateway.jobs.JobsClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-sent events for a job while it runs. */
@RestController
@Tag(name = "stream")
class JobStreamController {

    private final JobsClient jobs;
    private final JobStreams streams;

    JobStreamController(JobsClient jobs, JobStreams streams) {
        this.jobs = jobs;
        this.streams = streams;
    }

    @Operation(summary = "Live status and scalar points", description = "Events: 'status' (the job, when it "
            + "changed), 'scalars' (new points), 'end' (terminal status; the stream then closes), 'problem' (the "
            + "metrics service was lost). Polls the metrics service about once a second.")
    @GetMapping(path = "/api/jobs/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable("id") UUID id) {
        // Asking once up front turns an unknown job or an unreachable metrics service into a plain error answer.
        jobs.get(id);
        return streams.open(id);
    }
}
