package dev.trainboard.trainer.control;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The jobs users cancelled, as read from the control topic. A running job checks it before every batch;
 * a job that arrives later is skipped.
 */
@Component
public class Cancellations {

    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

    public void cancel(UUID jobId) {
        cancelled.add(jobId);
    }

    public boolean isCancelled(UUID jobId) {
        return cancelled.contains(jobId);
    }
}
