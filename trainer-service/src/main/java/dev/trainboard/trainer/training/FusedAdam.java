package dev.trainboard.trainer.training;

import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam as {@code torch.optim.Adam} defines it (bias-corrected moments, epsilon added to the corrected
 * square root), applied after each backward pass in place of DJL's {@code trainer.step()}, on the CPU.
 *
 * <p>Why not DJL's Adam: its native update makes about a dozen passes over the weights with temporaries,
 * and DJL's parameter server copies every gradient before handing it over; on one thread that took 2.8-3.0
 * ms of a 6.8 ms step for the tutorial's network. Here one native loop ({@link AdamKernel}) reads and writes
 * each weight, gradient and moment once, in the tensors' own memory, and clears the gradient as it goes
 * (docs/benchmarks.md). That needs host memory, so on a GPU {@link MnistTraining} keeps DJL's Adam.
 */
final class FusedAdam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final Map<String, Moments> moments = new HashMap<>();
    private int step;

    FusedAdam(float learningRate) {
        this.learningRate = learningRate;
    }

    /** Updates every parameter from its gradient, then clears the gradient for the next backward pass. */
    void step(ParameterList parameters) {
        step++;
        float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)));
        float varianceCorrection = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, step)));
        for (Pair<String, Parameter> parameter : parameters) {
            PtNDArray array = (PtNDArray) parameter.getValue().getArray();
            moments.computeIfAbsent(parameter.getValue().getId(), id -> new Moments(array))
                    .update(stepSize, varianceCorrection);
        }
    }

    /**
     * One parameter's first and second moments, in native memory, and views of its weight and gradient
     * tensors' memory.
     *
     * <p>The views are taken once because both tensors keep their memory for the whole job: the weights are
     * written in place, and once a gradient exists PyTorch adds each backward pass into it, which is why the
     * update clears it (as DJL's own optimizers do). Taking a view costs DJL five engine calls, 12-15 us,
     * per tensor.
     */
    private static final class Moments {

        private final FloatBuffer weight;
        private final FloatBuffer gradient;
        private final FloatBuffer mean;
        private final FloatBuffer variance;

        /** Needs the gradient of {@code parameter}: call after the first backward pass. */
        Moments(PtNDArray parameter) {
            weight = HostMemory.floats(parameter);
            // The gradient's handle stays open, owned by the parameter's manager, as long as the view is used.
            gradient = HostMemory.floats(parameter.getGradient());
            mean = zeros(weight.capacity());
            variance = zeros(weight.capacity());
        }

        void update(float stepSize, float varianceCorrection) {
            AdamKernel.trainboard_adam_update(weight, gradient, mean, variance, weight.capacity(), BETA1, BETA2,
                    EPSILON, stepSize, varianceCorrection);
        }

        private static FloatBuffer zeros(int length) {
            return ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }
}
