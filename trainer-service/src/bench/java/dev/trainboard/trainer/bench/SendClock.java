package dev.trainboard.trainer.bench;

import dev.trainboard.events.EventPayload;
import dev.trainboard.trainer.metrics.EventSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Passes events on to Kafka and adds up the CPU time the calling thread spends handing them to the
 * producer (serialising and queueing), which the listeners' own figures include.
 */
final class SendClock implements EventSink {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final EventSink events;
    private long cpuNanos;

    SendClock(EventSink events) {
        this.events = events;
    }

    @Override
    public void publish(EventPayload payload) {
        long start = THREADS.getCurrentThreadCpuTime();
        events.publish(payload);
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
    }

    double cpuSeconds() {
        return cpuNanos / 1e9;
    }
}
