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
 * ms of a 6.8 ms step for the tutorial's network. Here one native loop ({@link AdamKernel}) reads the
 * gradient and reads and writes each weight and moment once, in the tensors' own memory (docs/benchmarks.md).
 * That needs host memory, so on a GPU {@link MnistTraining} keeps DJL's Adam.
 *
 * <p>After the update each parameter drops its gradient, as {@code optimizer.zero_grad()} does by default in
 * PyTorch: the next backward pass then stores its gradient instead of adding it into a cleared one, which
 * saved a pass over every gradient and an operator per parameter, about 70 us of a 1.2 ms step. DJL has no
 * call that drops a gradient, so the parameter's array takes a new handle on the same memory, detached from
 * the old one and its gradient.
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

    /** Updates every parameter from its gradient, then drops the gradient before the next backward pass. */
    void step(ParameterList parameters) {
        step++;
        float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)));
        float varianceCorrection = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, step)));
        for (Pair<String, Parameter> parameter : parameters) {
            PtNDArray array = (PtNDArray) parameter.getValue().getArray();
            Moments state = moments.computeIfAbsent(parameter.getValue().getId(), id -> new Moments(array));
            try (PtNDArray gradient = array.getGradient()) {
                state.update(HostMemory.floats(gradient), stepSize, varianceCorrection);
            }
            // The new handle shares the weights' memory, so the weight view stays valid; the old handle, and
            // the gradient with it, go when the step's graph is freed.
            array.intern(array.stopGradient());
            array.setRequiresGradient(true);
        }
    }

    /**
     * One parameter's first and second moments, in native memory, and a view of its weights' memory, which
     * the parameter keeps for the whole job (the weights are written in place).
     */
    private static final class Moments {

        private final FloatBuffer weight;
        private final FloatBuffer mean;
        private final FloatBuffer variance;

        Moments(PtNDArray parameter) {
            weight = HostMemory.floats(parameter);
            mean = zeros(weight.capacity());
            variance = zeros(weight.capacity());
        }

        void update(FloatBuffer gradient, float stepSize, float varianceCorrection) {
            AdamKernel.trainboard_adam_update(weight, gradient, mean, variance, weight.capacity(), BETA1, BETA2,
                    EPSILON, stepSize, varianceCorrection);
        }

        private static FloatBuffer zeros(int length) {
            return ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }
}
