package dev.trainboard.trainer.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** The tutorial's feed-forward network: flattened image -> Linear(hidden) -> ReLU -> Linear(classes). */
public final class MnistNetwork {

    public static final int CLASSES = 10;

    private MnistNetwork() {
    }

    public static SequentialBlock create(int hiddenSize) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenSize).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }
}
