package dev.trainboard.trainer.jobs;

import dev.trainboard.trainer.control.Cancellations;
import dev.trainboard.trainer.training.StopReason;
import dev.trainboard.trainer.training.StopSignal;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The jobs this instance is training, by the partition their record came from. */
@Component
class RunningJobs {

    private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Map<TopicPartition, RunningJob> byPartition = new ConcurrentHashMap<>();
    private final Cancellations cancellations;

    RunningJobs(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    RunningJob start(TopicPartition partition, UUID jobId) {
        RunningJob job = new RunningJob(jobId, cancellations);
        byPartition.put(partition, job);
        return job;
    }

    void finish(TopicPartition partition) {
        RunningJob job = byPartition.remove(partition);
        if (job != null) {
            job.done.countDown();
        }
    }

    /**
     * Stops the jobs whose partitions this instance is losing and waits until they have stopped, so that
     * the partition's next owner never trains a job while this instance still does.
     */
    void abandon(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            RunningJob job = byPartition.get(partition);
            if (job == null) {
                continue;
            }
            log.warn("partition {} is moving to another consumer: stopping job {} without a status", partition,
                    job.jobId);
            job.abandoned = true;
            try {
                if (!job.done.await(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    log.error("job {} did not stop within {}", job.jobId, STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One job in training; it stops at the next batch once cancelled or abandoned. */
    static final class RunningJob implements StopSignal {

        private final UUID jobId;
        private final Cancellations cancellations;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean abandoned;

        private RunningJob(UUID jobId, Cancellations cancellations) {
            this.jobId = jobId;
            this.cancellations = cancellations;
        }

        @Override
        public Optional<StopReason> pending() {
            if (abandoned) {
                return Optional.of(StopReason.ABANDONED);
            }
            return cancellations.isCancelled(jobId) ? Optional.of(StopReason.CANCELLED) : Optional.empty();
        }
    }
}
