package dev.trainboard.tfevents.summary;

import dev.trainboard.tfevents.proto.Summary;

/** Scalars in the legacy {@code simple_value} form, as PyTorch writes them: float32, no plugin metadata. */
public final class Scalars {

    private Scalars() {
    }

    public static Summary.Value value(String tag, double value) {
        return Summary.Value.newBuilder().setTag(Tensors.requireTag(tag)).setSimpleValue((float) value).build();
    }
}
