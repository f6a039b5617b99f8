package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Makes the writer of a run's event files follow the assignment of {@link Topics#EVENTS}: an instance writes
 * the runs of the partitions its consumers are assigned, and only while it holds their {@linkplain
 * PartitionLocks locks}. On assignment it waits for the partition's previous owner to let go (a killed one lets
 * go with its database session), then repairs the runs that owner left unsynced, before the consumer hands
 * the partition's first records to the listener. On revocation it closes the partition's files (flushed) and
 * then lets go. Every batch is checked against the locks before it is stored, so an instance whose lock
 * session died stops writing at its next batch.
 */
@Component
public class RunOwnership implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(RunOwnership.class);
    private static final Duration RETRY = Duration.ofMillis(250);

    private final PartitionLocks locks;
    private final EventPartitions partitions;
    private final PartitionRepair repair;
    private final LiveRuns liveRuns;
    private final OwnershipProperties properties;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    RunOwnership(PartitionLocks locks, EventPartitions partitions, PartitionRepair repair, LiveRuns liveRuns,
            OwnershipProperties properties) {
        this.locks = locks;
        this.partitions = partitions;
        this.repair = repair;
        this.liveRuns = liveRuns;
        this.properties = properties;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        Collection<Integer> events = eventPartitions(assigned);
        if (events.isEmpty()) {
            return;
        }
        partitions.countIs(consumer.partitionsFor(Topics.EVENTS).size());
        for (int partition : events) {
            if (awaitLock(partition)) {
                take(partition);
            }
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        eventPartitions(revoked).forEach(this::letGo);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        eventPartitions(lost).forEach(this::letGo);
    }

    /**
     * Refuses a batch from partitions whose lock this instance does not hold: first it stops writing every
     * partition whose lock went with a dead lock session, then it tries to take the missing locks (repairing
     * as on assignment). Throws {@link PartitionNotOwnedException} when one is held elsewhere; nothing of the
     * batch is stored then, and the listener's error handler delivers it again after a pause.
     */
    public void requireOwned(Collection<Integer> batchPartitions) {
        Set<Integer> lost = locks.lost();
        if (!lost.isEmpty()) {
            owned.removeAll(lost);
            liveRuns.closeAll(job -> lost.contains(partitions.of(job)));
        }
        for (int partition : batchPartitions) {
            if (owned.contains(partition)) {
                continue;
            }
            if (!locks.tryLock(partition)) {
                PartitionNotOwnedException refused = new PartitionNotOwnedException(partition, locks.owner(partition));
                log.warn(refused.getMessage());
                throw refused;
            }
            take(partition);
        }
    }

    /** Whether this instance holds the partition for its consumer (not just for a rebuild). */
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    private boolean awaitLock(int partition) {
        Instant deadline = Instant.now().plus(properties.lockWait());
        while (!locks.tryLock(partition)) {
            if (Instant.now().isAfter(deadline)) {
                log.warn("Partition {} is still locked by {} after {}; its records wait until the lock is free",
                        partition, locks.owner(partition).map(PartitionOwner::describe).orElse("another instance"),
                        properties.lockWait());
                return false;
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void take(int partition) {
        owned.add(partition);
        repair.repair(partition);
        log.info("Writing the runs of partition {} of {}", partition, Topics.EVENTS);
    }

    private void letGo(int partition) {
        if (!owned.remove(partition)) {
            return;
        }
        liveRuns.closeAll(job -> partitions.of(job) == partition);
        locks.unlock(partition);
        log.info("Let go of the runs of partition {} of {}", partition, Topics.EVENTS);
    }

    private static Collection<Integer> eventPartitions(Collection<TopicPartition> topicPartitions) {
        return topicPartitions.stream().filter(tp -> tp.topic().equals(Topics.EVENTS))
                .map(TopicPartition::partition).toList();
    }
}
