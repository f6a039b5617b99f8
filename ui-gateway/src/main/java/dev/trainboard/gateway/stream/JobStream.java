package dev.trainboard.gateway.stream;

import dev.trainboard.events.api.JobView;
import dev.trainboard.gateway.jobs.JobsClient;
import dev.trainboard.gateway.metrics.MetricsClient;
import dev.trainboard.gateway.system.UpstreamProblemException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * One client's live view of one job, advanced by one {@link #poll()} at a time. Sends {@code status} when the
 * job's status, attempt or progress changed, {@code scalars} with points not sent before, and {@code end} once the
 * job is terminal; then the stream completes.
 */
class JobStream {

    private static final Logger log = LoggerFactory.getLogger(JobStream.class);

    private final UUID id;
    private final SseEmitter emitter;
    private final JobsClient jobs;
    private final MetricsClient metrics;
    private final Map<String, Long> sentUpTo = new HashMap<>();
    private JobView lastSent;
    private volatile boolean finished;

    JobStream(UUID id, SseEmitter emitter, JobsClient jobs, MetricsClient metrics) {
        this.id = id;
        this.emitter = emitter;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    /** Stops polling; called when the client goes away or the emitter times out. */
    void finish() {
        finished = true;
    }

    boolean isFinished() {
        return finished;
    }

    void poll() {
        if (finished) {
            return;
        }
        try {
            JobView job = jobs.get(id);
            boolean terminal = job.status().isTerminal();
            if (changed(job)) {
                if (lastSent != null && lastSent.attempt() != job.attempt()) {
                    sentUpTo.clear();
                }
                send("status", job);
                lastSent = job;
            }
            List<JsonNode> points = newPoints();
            if (!points.isEmpty()) {
                send("scalars", points);
            }
            if (terminal) {
                send("end", Map.of("status", job.status()));
                complete();
            }
        } catch (IOException | IllegalStateException clientGone) {
            finish();
        } catch (RestClientException | UpstreamProblemException upstreamTrouble) {
            log.debug("Ending the stream of job {}", id, upstreamTrouble);
            sendProblemAndComplete();
        }
    }

    private boolean changed(JobView job) {
        return lastSent == null || job.status() != lastSent.status() || job.attempt() != lastSent.attempt()
                || !Objects.equals(job.progress(), lastSent.progress());
    }

    /**
     * Points not sent yet, tag by tag, each from the highest step already sent for that tag. A new attempt starts
     * its steps again, so the caller forgets the sent steps when the attempt changes.
     */
    private List<JsonNode> newPoints() {
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode tagNode : metrics.tags(id).path("scalars")) {
            String tag = tagNode.asString();
            long after = sentUpTo.getOrDefault(tag, -1L);
            for (JsonNode point : metrics.scalars(id, tag, null, after)) {
                fresh.add(point);
                sentUpTo.merge(tag, point.path("step").asLong(), Math::max);
            }
        }
        return fresh;
    }

    private void send(String name, Object data) throws IOException {
        emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
    }

    private void sendProblemAndComplete() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Lost contact with the metrics service; reconnect to resume");
        try {
            send("problem", problem);
            complete();
        } catch (IOException | IllegalStateException clientGone) {
            finish();
        }
    }

    private void complete() {
        finish();
        emitter.complete();
    }
}
