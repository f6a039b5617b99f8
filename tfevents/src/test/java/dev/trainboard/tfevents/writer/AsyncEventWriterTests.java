package dev.trainboard.tfevents.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.file.EventSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AsyncEventWriterTests {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void writesEveryEventInOrderThroughATinyQueue() {
        RecordingSink sink = new RecordingSink();
        AsyncEventWriter writer = new AsyncEventWriter(sink, 1, LONG);
        for (int i = 0; i < 1000; i++) {
            writer.write(new byte[] {(byte) i, (byte) (i >> 8)});
        }
        writer.close();
        assertThat(sink.events).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(sink.events.get(i)).containsExactly((byte) i, (byte) (i >> 8));
        }
        assertThat(sink.closed).isTrue();
    }

    @Test
    void flushReturnsOnlyOnceEverythingQueuedIsSynced() {
        RecordingSink sink = new RecordingSink();
        AsyncEventWriter writer = new AsyncEventWriter(sink, 100, LONG);
        for (int i = 0; i < 50; i++) {
            writer.write(new byte[] {1});
        }
        writer.flush();
        assertThat(sink.eventsAtLastSync.get()).isEqualTo(50);
        writer.close();
    }

    @Test
    void flushesOnItsOwnWithinTheFlushInterval() throws Exception {
        RecordingSink sink = new RecordingSink();
        AsyncEventWriter writer = new AsyncEventWriter(sink, 100, Duration.ofMillis(20));
        writer.write(new byte[] {1});
        awaitTrue(() -> sink.flushes.get() > 0);
        assertThat(sink.events).hasSize(1);
        writer.close();
    }

    @Test
    void doesNotFlushBeforeTheIntervalHasPassed() throws Exception {
        RecordingSink sink = new RecordingSink();
        AsyncEventWriter writer = new AsyncEventWriter(sink, 100, LONG);
        for (int i = 0; i < 10; i++) {
            writer.write(new byte[] {1});
        }
        awaitTrue(() -> sink.events.size() == 10);
        assertThat(sink.flushes.get()).isZero();
        writer.close();
    }

    @Test
    void aFullQueueBlocksTheCallerInsteadOfDroppingEvents() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink() {
            @Override
            public void append(byte[] event) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                super.append(event);
            }
        };
        AsyncEventWriter writer = new AsyncEventWriter(sink, 2, LONG);
        // At most one event in the blocked append, two drained with it and two queued: the producer must wait.
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                writer.write(new byte[] {(byte) i});
            }
        });
        producer.start();
        awaitTrue(() -> producer.getState() == Thread.State.WAITING);
        assertThat(producer.isAlive()).isTrue();
        release.countDown();
        producer.join(10_000);
        writer.close();
        assertThat(sink.events).extracting(e -> (int) e[0]).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void closeIsIdempotentAndLaterWritesFail() {
        RecordingSink sink = new RecordingSink();
        AsyncEventWriter writer = new AsyncEventWriter(sink, 10, LONG);
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.write(new byte[] {1})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void writesRacingWithCloseAreEitherWrittenOrRejectedNeverLost() throws Exception {
        RecordingSink sink = new RecordingSink();
        AsyncEventWriter writer = new AsyncEventWriter(sink, 8, LONG);
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread producer = new Thread(() -> {
                try {
                    while (true) {
                        writer.write(new byte[] {1});
                        accepted.incrementAndGet();
                    }
                } catch (IllegalStateException closed) {
                    // expected once close() has won
                }
            });
            producers.add(producer);
            producer.start();
        }
        awaitTrue(() -> accepted.get() > 1000);
        writer.close();
        for (Thread producer : producers) {
            producer.join(10_000);
            assertThat(producer.isAlive()).isFalse();
        }
        assertThat(sink.events).hasSize(accepted.get());
    }

    @Test
    void anIoFailureIsRethrownByLaterCalls() throws Exception {
        RecordingSink sink = new RecordingSink() {
            @Override
            public void append(byte[] event) throws IOException {
                throw new IOException("disk full");
            }
        };
        AsyncEventWriter writer = new AsyncEventWriter(sink, 10, LONG);
        writer.write(new byte[] {1});
        assertThatThrownBy(writer::flush).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("disk full");
        assertThatThrownBy(() -> writer.write(new byte[] {2})).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(writer::close).isInstanceOf(UncheckedIOException.class);
        assertThat(sink.closed).isTrue();
    }

    @Test
    void rejectsANonPositiveQueueCapacity() {
        assertThatThrownBy(() -> new AsyncEventWriter(new RecordingSink(), 0, LONG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static class RecordingSink implements EventSink {
        final List<byte[]> events = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger eventsAtLastSync = new AtomicInteger(-1);
        volatile boolean closed;

        @Override
        public void append(byte[] event) throws IOException {
            events.add(event);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void sync() {
            eventsAtLastSync.set(events.size());
        }

        @Override
        public void close() {
            sync();
            closed = true;
        }

        @Override
        public Path path() {
            return Path.of("memory");
        }
    }
}
