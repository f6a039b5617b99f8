package dev.trainboard.trainer.training;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.FloatBuffer;

/**
 * {@code src/main/c/adam_update.c}, bound by JNA's direct mapping: a call costs about as much as a JNI call,
 * and each buffer is passed as the address of its memory, so the native loop works on the tensors in place.
 */
final class AdamKernel {

    static {
        Native.register(AdamKernel.class, NativeLibrary.getInstance(BundledLibrary.extract("adam_update").toString()));
    }

    private AdamKernel() {
    }

    /**
     * One Adam step over {@code length} values of four direct buffers; {@code gradient} is only read. The bias
     * corrections of the step are folded into {@code stepSize} and {@code varianceCorrection}.
     */
    static native void trainboard_adam_update(FloatBuffer weight, FloatBuffer gradient, FloatBuffer mean,
            FloatBuffer variance, long length, float beta1, float beta2, float epsilon, float stepSize,
            float varianceCorrection);
}
