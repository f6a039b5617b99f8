package dev.trainboard.metrics.tensorboard;

import java.util.Optional;

/** A batch came from a partition whose runs another instance writes; it is stored once this one holds the lock. */
public class PartitionNotOwnedException extends RuntimeException {

    PartitionNotOwnedException(int partition, Optional<PartitionOwner> owner) {
        super("Partition " + partition + " of trainboard.events is locked by "
                + owner.map(PartitionOwner::describe).orElse("another instance") + "; its batch waits");
    }
}
