package dev.trainboard.trainer.jobs;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Stops a running job before its partition goes to another consumer, so one job never trains twice at
 * once. With the cooperative sticky assignor only partitions that really move are revoked.
 */
@Component
public class JobPartitionsListener implements ConsumerAwareRebalanceListener {

    private final RunningJobs runningJobs;

    JobPartitionsListener(RunningJobs runningJobs) {
        this.runningJobs = runningJobs;
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runningJobs.abandon(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        runningJobs.abandon(partitions);
    }
}
