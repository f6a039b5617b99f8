package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.events.EventPayload;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackgroundEventSinkTests {

    @Test
    void everyEventIsHandedOnInOrderOffTheCallersThreadByTheTimeCloseReturns() {
        List<EventPayload> received = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<EventPayload> sent = IntStream.range(0, 5_000).<EventPayload>mapToObj(BackgroundEventSinkTests::scalar).toList();

        try (BackgroundEventSink sink = new BackgroundEventSink(payload -> {
            threads.add(Thread.currentThread().getName());
            received.add(payload);
        }, "job-events-test", 30)) {
            sent.forEach(sink::publish);
        }

        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(threads).containsOnly("job-events-test");
    }

    @Test
    void closeWaitsForAnEventThatIsStillBeingHandedOn() throws InterruptedException {
        CountDownLatch handing = new CountDownLatch(1);
        List<EventPayload> received = Collections.synchronizedList(new ArrayList<>());
        BackgroundEventSink sink = new BackgroundEventSink(payload -> {
            handing.countDown();
            sleep(300);
            received.add(payload);
        }, "job-events-test", 30);
        sink.publish(scalar(1));
        handing.await();

        sink.close();

        assertThat(received).containsExactly(scalar(1));
    }

    @Test
    void aFailedHandOffSkipsTheQueuedEventsAndFailsCloseAndTheNextPublish() {
        CountDownLatch secondQueued = new CountDownLatch(1);
        List<EventPayload> received = Collections.synchronizedList(new ArrayList<>());
        BackgroundEventSink sink = new BackgroundEventSink(payload -> {
            if (payload.equals(scalar(1))) {
                await(secondQueued);
                throw new IllegalArgumentException("broker gone");
            }
            received.add(payload);
        }, "job-events-test", 30);
        sink.publish(scalar(1));
        sink.publish(scalar(2));
        secondQueued.countDown();

        assertThatThrownBy(sink::close).hasMessageContaining("broker gone");
        assertThatThrownBy(() -> sink.publish(scalar(3))).hasMessageContaining("broker gone");
        assertThat(received).isEmpty();
    }

    private static ScalarsLogged scalar(int step) {
        return new ScalarsLogged(List.of(new ScalarPoint(TrainingCurveListener.LOSS_TAG, step, 1.0, step)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
