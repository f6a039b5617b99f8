package dev.trainboard.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records the autograd graph on the calling thread, for one backward pass. DJL's {@code PtGradientCollector} does
 * the same but allows one collector in the whole process (a static flag), so a trainer with two slots failed
 * whichever job began a step while the other slot's job was in one. PyTorch's grad mode, the only state either
 * switches, is a thread's own, so jobs on different threads record their graphs side by side.
 */
final class GradientRecording implements AutoCloseable {

    private final boolean wasRecording;

    GradientRecording() {
        wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Adds the gradients of the target (a loss) to every array that requires them, as DJL's collector does. */
    void backward(NDArray target) {
        NDArray seed = target.getManager().ones(target.getShape(), target.getDataType()).toDevice(target.getDevice(),
                false);
        JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
    }

    @Override
    public void close() {
        if (!wasRecording) {
            JniUtils.setGradMode(false);
        }
    }
}
