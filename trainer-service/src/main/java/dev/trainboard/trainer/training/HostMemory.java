package dev.trainboard.trainer.training;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Reads arrays without copying them onto the Java heap. For a contiguous CPU array DJL's PyTorch engine
 * hands out a direct buffer over the tensor's own memory (writes go straight into the tensor); anything
 * else is first copied into a CPU array owned by the same manager. Either way the buffer is valid only
 * while {@code array} is open.
 */
public final class HostMemory {

    private HostMemory() {
    }

    public static ByteBuffer bytes(NDArray array) {
        return array.toByteBuffer(true);
    }

    public static FloatBuffer floats(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public static LongBuffer longs(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asLongBuffer();
    }
}
