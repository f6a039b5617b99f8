package dev.trainboard.tfevents.summary;

import dev.trainboard.tfevents.proto.TensorShapeProto;

final class Tensors {

    private Tensors() {
    }

    static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
        }
        return shape.build();
    }

    static String requireTag(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("tag must not be empty");
        }
        return tag;
    }
}
