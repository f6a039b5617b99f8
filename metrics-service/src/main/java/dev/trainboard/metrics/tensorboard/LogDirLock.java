package dev.trainboard.metrics.tensorboard;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Orders live writing against a rebuild. Ingestion holds the shared side from its database write until the
 * new events are appended; a rebuild holds the exclusive side, so every event is either in the database
 * snapshot a rebuild reads or appended after the rebuilt files are in place, never both.
 */
@Component
public class LogDirLock {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    public <T> T shared(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public <T> T exclusive(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
