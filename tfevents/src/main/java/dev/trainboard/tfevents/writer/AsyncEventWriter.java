package dev.trainboard.tfevents.writer;

import dev.trainboard.tfevents.file.EventSink;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Appends serialized events to an {@link EventSink} (an event file) from a background thread.
 *
 * <p>Callers put events on a bounded queue; when the queue is full, {@link #write} blocks until the
 * background thread has made room, so no event is ever dropped (back-pressure instead of loss). The
 * thread writes whatever is queued and hands it to the OS at most {@code flushInterval} after it was
 * written. {@link #flush()} and {@link #close()} wait until everything queued before them is on disk
 * (flushed and fsynced). If writing fails, the first {@link IOException} is rethrown, wrapped in an
 * {@link UncheckedIOException}, by every later call. Thread-safe.
 */
public final class AsyncEventWriter implements Closeable {

    private static final int DRAIN_BATCH = 4096;
    /**
     * How long the thread lets callers fill the queue after writing a batch, before it waits on the queue again.
     * A thread that waits on the queue is woken by the next event's caller, a system call that costs that caller
     * more than the write itself: at high rates every event would wake it (docs/benchmarks.md). 0.2 ms of events
     * at ten million a second fits the default queue.
     */
    private static final long GATHER_NANOS = 200_000;

    private final EventSink file;
    private final BlockingQueue<Object> queue;
    private final long flushIntervalNanos;
    private final Thread thread;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile IOException failure;
    private boolean closed;

    private record Barrier(boolean close, CompletableFuture<Void> done) {
    }

    public AsyncEventWriter(EventSink file, int queueCapacity, Duration flushInterval) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive, was " + queueCapacity);
        }
        this.file = file;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.flushIntervalNanos = Math.max(0, flushInterval.toNanos());
        this.thread = new Thread(this::run, "tfevents-writer " + file.path().getFileName());
        // A writer nobody closed must not keep the JVM alive; close() is what makes data durable.
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one serialized {@code Event}, blocking while the queue is full. */
    public void write(byte[] serializedEvent) {
        enqueueWhileOpen(serializedEvent);
    }

    /** Waits until every event queued so far is written, flushed and fsynced. */
    public void flush() {
        Barrier barrier = new Barrier(false, new CompletableFuture<>());
        enqueueWhileOpen(barrier);
        await(barrier.done());
    }

    /**
     * Drains the queue, flushes, fsyncs and closes the file. Writes that lose the race with closing fail
     * with {@link IllegalStateException}, none is silently dropped; closing again does nothing.
     */
    @Override
    public void close() {
        Barrier barrier = new Barrier(true, new CompletableFuture<>());
        Lock lock = closing.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            put(barrier);
        } finally {
            lock.unlock();
        }
        await(barrier.done());
    }

    public Path path() {
        return file.path();
    }

    // The read lock makes "still open, so queue it" atomic against close(), which puts the last item.
    private void enqueueWhileOpen(Object item) {
        Lock lock = closing.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("writer for " + file.path() + " is closed");
            }
            rethrowFailure();
            put(item);
        } finally {
            lock.unlock();
        }
    }

    private void rethrowFailure() {
        IOException e = failure;
        if (e != null) {
            throw new UncheckedIOException("writing " + file.path() + " failed", e);
        }
    }

    private void put(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while queueing an event"));
        }
    }

    private void await(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for the writer"));
        } catch (ExecutionException e) {
            throw new UncheckedIOException("writing " + file.path() + " failed", (IOException) e.getCause());
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>(DRAIN_BATCH);
        boolean dirty = false;
        long lastFlush = System.nanoTime();
        while (true) {
            Object first;
            try {
                first = dirty
                        ? queue.poll(Math.max(0, lastFlush + flushIntervalNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                        : queue.take();
            } catch (InterruptedException e) {
                // Nobody but close() may stop this thread; keep draining.
                continue;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, DRAIN_BATCH - 1);
            }
            boolean wrote = false;
            boolean behind = batch.size() == DRAIN_BATCH;
            for (Object item : batch) {
                if (item instanceof byte[] event) {
                    wrote = true;
                    dirty |= append(event);
                } else {
                    Barrier barrier = (Barrier) item;
                    settle(barrier);
                    dirty = false;
                    lastFlush = System.nanoTime();
                    if (barrier.close()) {
                        return;
                    }
                }
            }
            batch.clear();
            if (dirty && System.nanoTime() - lastFlush >= flushIntervalNanos) {
                flushQuietly();
                dirty = false;
                lastFlush = System.nanoTime();
            }
            if (wrote && !behind) {
                LockSupport.parkNanos(GATHER_NANOS);
            }
        }
    }

    private boolean append(byte[] event) {
        if (failure != null) {
            return false;
        }
        try {
            file.append(event);
            return true;
        } catch (IOException e) {
            failure = e;
            return false;
        }
    }

    private void flushQuietly() {
        if (failure != null) {
            return;
        }
        try {
            file.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    private void settle(Barrier barrier) {
        try {
            if (barrier.close()) {
                file.close();
            } else if (failure == null) {
                file.sync();
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            barrier.done().completeExceptionally(failure);
        } else {
            barrier.done().complete(null);
        }
    }
}
