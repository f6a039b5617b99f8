package dev.trainboard.trainer.jobs;

import dev.trainboard.trainer.system.TrainerProperties;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The trainer's {@code slots} training threads, fed by its one job consumer. A job runs on a free slot with its
 * partition paused, so that the partition's next record waits for the job to end; while every slot is taken the
 * whole consumer is paused, so that it takes no record it could not start at once. It keeps polling meanwhile:
 * it stays in the group, and a partition it is assigned from a killed trainer is read as soon as a slot is free,
 * whichever partition that slot's job came from.
 */
@Component
class TrainingSlots {

    private final ExecutorService threads;
    private final int slots;
    private final KafkaListenerEndpointRegistry registry;
    /** Guarded by this, together with the consumer's pause, so a slot freed meanwhile never leaves it paused. */
    private int busy;

    TrainingSlots(ExecutorService trainingThreads, TrainerProperties properties, KafkaListenerEndpointRegistry registry) {
        this.threads = trainingThreads;
        this.slots = properties.slots();
        this.registry = registry;
    }

    /**
     * Starts a job of the partition on a free slot. Runs on the consumer thread, which takes a record only while
     * a slot is free; the pauses it asks for take effect before the consumer's next poll.
     */
    synchronized void start(TopicPartition partition, Runnable job) {
        MessageListenerContainer consumer = consumer();
        consumer.pausePartition(partition);
        busy++;
        if (busy == slots) {
            consumer.pause();
        }
        threads.execute(() -> {
            try {
                job.run();
            } finally {
                release(consumer, partition);
            }
        });
    }

    private synchronized void release(MessageListenerContainer consumer, TopicPartition partition) {
        busy--;
        consumer.resumePartition(partition);
        consumer.resume();
    }

    private MessageListenerContainer consumer() {
        return registry.getListenerContainer(JobListener.LISTENER_ID);
    }
}
