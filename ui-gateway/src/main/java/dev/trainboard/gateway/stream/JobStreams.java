package dev.trainboard.gateway.stream;

import dev.trainboard.gateway.jobs.JobsClient;
import dev.trainboard.gateway.metrics.MetricsClient;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens job streams and polls each of them on a small shared scheduler. The scheduler is kept private rather than
 * a bean so that it does not become the application's task executor.
 */
@Component
class JobStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobStreams.class);

    private final JobsClient jobs;
    private final MetricsClient metrics;
    private final StreamProperties properties;
    private final ScheduledExecutorService scheduler;

    JobStreams(JobsClient jobs, MetricsClient metrics, StreamProperties properties) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.properties = properties;
        this.scheduler = Executors.newScheduledThreadPool(properties.pollThreads(),
                new CustomizableThreadFactory("job-stream-"));
    }

    SseEmitter open(UUID id) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        JobStream stream = new JobStream(id, emitter, jobs, metrics);
        long interval = properties.pollInterval().toMillis();
        ScheduledFuture<?> polling = scheduler.scheduleWithFixedDelay(() -> {
            try {
                stream.poll();
            } catch (RuntimeException bug) {
                log.error("Polling the stream of job {} failed", id, bug);
                emitter.completeWithError(bug);
                throw new StreamFinished();
            }
            if (stream.isFinished()) {
                throw new StreamFinished();
            }
        }, 0, interval, TimeUnit.MILLISECONDS);
        Runnable stop = () -> {
            stream.finish();
            polling.cancel(false);
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(error -> stop.run());
        return emitter;
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** Ends a periodic task: an exception is the only way a task can unschedule itself. */
    private static final class StreamFinished extends RuntimeException {

        StreamFinished() {
            super(null, null, false, false);
        }
    }
}
