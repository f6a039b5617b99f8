package dev.trainboard.metrics.tensorboard;

import java.time.Instant;

/**
 * The instance that writes the runs of one partition of {@code trainboard.events}, as its row names it.
 *
 * @param partition the partition
 * @param instance the instance's id (host name, process id and a random part)
 * @param address where its HTTP API answers, {@code host:port}
 * @param since when it took the partition
 */
public record PartitionOwner(int partition, String instance, String address, Instant since) {

    /** The owner named in a message. */
    public String describe() {
        return "metrics-service " + instance + " at " + address + " (partition " + partition + " since " + since + ")";
    }
}
