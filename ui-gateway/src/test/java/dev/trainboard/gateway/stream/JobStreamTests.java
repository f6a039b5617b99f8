package dev.trainboard.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobProgress;
import dev.trainboard.events.api.JobView;
import dev.trainboard.gateway.jobs.JobsClient;
import dev.trainboard.gateway.metrics.MetricsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobStreamTests {

    private static final UUID ID = UUID.randomUUID();

    private final JobsClient jobs = mock(JobsClient.class);
    private final MetricsClient metrics = mock(MetricsClient.class);
    private final JsonMapper json = JsonMapper.builder().build();
    private final RecordingEmitter emitter = new RecordingEmitter();
    private final JobStream stream = new JobStream(ID, emitter, jobs, metrics);

    /** One sent event: its name and the object sent as its data. */
    private record Event(String name, Object data) {
    }

    /** Keeps what would go to the client instead of writing it. */
    private static final class RecordingEmitter extends SseEmitter {

        final List<Event> events = new ArrayList<>();
        boolean completed;

        @Override
        public void send(SseEventBuilder builder) {
            String name = null;
            Object data = null;
            for (DataWithMediaType part : builder.build()) {
                if (part.getData() instanceof String text && text.startsWith("event:")) {
                    name = text.substring("event:".length(), text.indexOf('\n'));
                } else if (!(part.getData() instanceof String)) {
                    data = part.getData();
                }
            }
            events.add(new Event(name, data));
        }

        @Override
        public void complete() {
            completed = true;
        }

        List<String> names() {
            return events.stream().map(Event::name).toList();
        }
    }

    private static JobView job(JobStatus status, int attempt, long step) {
        JobSpec spec = JobSpec.tutorial("mnist1");
        JobProgress progress = step == 0 ? null : new JobProgress(0, 2, step, 1200, 900, 10, 0.5);
        return new JobView(ID, "mnist1", null, spec, status, attempt, "cpu", "host", null, progress, null,
                Instant.now(), null, null);
    }

    private void tags(String tagsJson) {
        given(metrics.tags(ID)).willReturn(json.readTree(tagsJson));
    }

    private void points(String tag, Long afterStep, String pointsJson) {
        given(metrics.scalars(eq(ID), eq(tag), isNull(), eq(afterStep))).willReturn(json.readTree(pointsJson));
    }

    @Test
    void sendsStatusOnlyWhenItChangesAndEachPointOnce() {
        given(jobs.get(ID)).willReturn(job(JobStatus.RUNNING, 1, 100));
        tags("{\"scalars\": [\"loss\"]}");
        points("loss", -1L, "[{\"tag\": \"loss\", \"step\": 100, \"value\": 0.9}]");
        points("loss", 100L, "[]");

        stream.poll();
        stream.poll();

        assertThat(emitter.names()).containsExactly("status", "scalars");
        assertThat(((List<?>) emitter.events.get(1).data())).hasSize(1);

        given(jobs.get(ID)).willReturn(job(JobStatus.RUNNING, 1, 200));
        tags("{\"scalars\": [\"loss\", \"accuracy\"]}");
        points("loss", 100L, "[{\"tag\": \"loss\", \"step\": 200, \"value\": 0.5}]");
        points("accuracy", -1L, "[{\"tag\": \"accuracy\", \"step\": 200, \"value\": 0.8}]");
        stream.poll();

        assertThat(emitter.names()).containsExactly("status", "scalars", "status", "scalars");
        assertThat(((List<?>) emitter.events.get(3).data())).extracting(node -> ((JsonNode) node).path("tag")
                .asString()).containsExactly("loss", "accuracy");
        assertThat(emitter.completed).isFalse();
    }

    @Test
    void aTerminalStatusEndsTheStreamAfterTheLastPoints() {
        given(jobs.get(ID)).willReturn(job(JobStatus.SUCCEEDED, 1, 1200));
        tags("{\"scalars\": [\"loss\"]}");
        points("loss", -1L, "[{\"tag\": \"loss\", \"step\": 1200, \"value\": 0.1}]");

        stream.poll();
        stream.poll();

        assertThat(emitter.names()).containsExactly("status", "scalars", "end");
        assertThat(emitter.events.get(2).data()).isEqualTo(java.util.Map.of("status", JobStatus.SUCCEEDED));
        assertThat(emitter.completed).isTrue();
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void aNewAttemptStartsItsStepsAgain() {
        given(jobs.get(ID)).willReturn(job(JobStatus.RUNNING, 1, 100));
        tags("{\"scalars\": [\"loss\"]}");
        points("loss", -1L, "[{\"tag\": \"loss\", \"step\": 100, \"value\": 0.9}]");
        stream.poll();

        given(jobs.get(ID)).willReturn(job(JobStatus.RUNNING, 2, 0));
        points("loss", -1L, "[{\"tag\": \"loss\", \"step\": 100, \"value\": 0.8}]");
        stream.poll();

        assertThat(emitter.names()).containsExactly("status", "scalars", "status", "scalars");
    }

    @Test
    void losingTheMetricsServiceEndsTheStreamWithAProblem() {
        given(jobs.get(any())).willThrow(new ResourceAccessException("connection refused"));

        stream.poll();

        assertThat(emitter.names()).containsExactly("problem");
        assertThat(((ProblemDetail) emitter.events.get(0).data()).getStatus()).isEqualTo(503);
        assertThat(emitter.completed).isTrue();
    }
}
