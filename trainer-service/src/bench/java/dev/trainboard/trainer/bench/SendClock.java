package dev.trainboard.trainer.bench;

import dev.trainboard.events.EventPayload;
import dev.trainboard.trainer.metrics.EventSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * Passes events on to Kafka and adds up the CPU time the calling thread spends handing them to the
 * producer (serialising and queueing). It is called from the job's publishing thread
 * ({@code BackgroundEventSink}), so the listeners' own figures do not include this time.
 */
final class SendClock implements EventSink {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final EventSink events;
    private final Map<String, Sends> byType = new TreeMap<>();

    /** How many events of one type were sent, and the CPU time handing them over took. */
    record Sends(int count, long cpuNanos) {
    }

    SendClock(EventSink events) {
        this.events = events;
    }

    @Override
    public void publish(EventPayload payload) {
        long start = THREADS.getCurrentThreadCpuTime();
        events.publish(payload);
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        byType.merge(payload.getClass().getSimpleName(), new Sends(1, spent),
                (a, b) -> new Sends(a.count() + b.count(), a.cpuNanos() + b.cpuNanos()));
    }

    /** All events together. */
    double cpuSeconds() {
        return byType.values().stream().mapToLong(Sends::cpuNanos).sum() / 1e9;
    }

    /** By the payload's type, in name order. */
    Map<String, Sends> byType() {
        return new TreeMap<>(byType);
    }
}
