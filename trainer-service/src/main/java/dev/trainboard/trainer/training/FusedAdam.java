package dev.trainboard.trainer.training;

import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam as {@code torch.optim.Adam} defines it (bias-corrected moments, epsilon added to the corrected
 * square root), applied after each backward pass in place of DJL's {@code trainer.step()}, on the CPU.
 *
 * <p>Why not DJL's Adam: its native update makes about a dozen passes over the weights with temporaries,
 * and DJL's parameter server copies every gradient before handing it over; on one thread that took 2.8-3.0
 * ms of a 6.8 ms step for the tutorial's network. Here the weights and the gradient are read through direct
 * views of the tensors' memory and updated in a loop over Java arrays (which the JIT vectorises), in about a
 * tenth of that time (docs/benchmarks.md). The views need host memory, so on a GPU {@link MnistTraining}
 * keeps DJL's Adam.
 *
 * <p>Why in chunks: the first layer's weights, gradient and two moments are 1.6 MB each, more than a
 * core's L2 cache together, so the update is bound by memory traffic rather than arithmetic. Taking the
 * gradient and the weights a few thousand values at a time, clearing the gradient and writing the weights
 * back while that chunk is still in L1, reads and writes each array once per step.
 */
final class FusedAdam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    /** Values per chunk: the four arrays' chunks (32 KB) fit in a core's L1 data cache. */
    private static final int CHUNK = 2048;
    private static final float[] ZEROS = new float[CHUNK];

    private final float learningRate;
    private final Map<String, Moments> moments = new HashMap<>();
    private final float[] gradient = new float[CHUNK];
    private final float[] weight = new float[CHUNK];
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
                    .update(gradient, weight, stepSize, varianceCorrection);
        }
    }

    /**
     * One parameter's first and second moments, chunk by chunk, and views of its weight and gradient
     * tensors' memory.
     *
     * <p>The views are taken once because both tensors keep their memory for the whole job: the weights are
     * written in place, and once a gradient exists PyTorch adds each backward pass into it, which is why the
     * update clears it (as DJL's own optimizers do). Taking a view costs DJL five engine calls, 12-15 us,
     * per tensor.
     */
    private static final class Moments {

        private final float[][] mean;
        private final float[][] variance;
        private final FloatBuffer weightView;
        private final FloatBuffer gradientView;

        /** Needs the gradient of {@code parameter}: call after the first backward pass. */
        Moments(PtNDArray parameter) {
            weightView = HostMemory.floats(parameter);
            // The gradient's handle stays open, owned by the parameter's manager, as long as the view is used.
            gradientView = HostMemory.floats(parameter.getGradient());
            int chunks = (weightView.capacity() + CHUNK - 1) / CHUNK;
            mean = new float[chunks][CHUNK];
            variance = new float[chunks][CHUNK];
        }

        /** {@code gradient} and {@code weight} are scratch arrays of {@link #CHUNK} values. */
        void update(float[] gradient, float[] weight, float stepSize, float varianceCorrection) {
            for (int chunk = 0; chunk < mean.length; chunk++) {
                int offset = chunk * CHUNK;
                int length = Math.min(CHUNK, weightView.capacity() - offset);
                gradientView.get(offset, gradient, 0, length);
                gradientView.put(offset, ZEROS, 0, length);
                weightView.get(offset, weight, 0, length);
                apply(mean[chunk], variance[chunk], gradient, weight, length, stepSize, varianceCorrection);
                weightView.put(offset, weight, 0, length);
            }
        }

        private static void apply(float[] mean, float[] variance, float[] gradient, float[] weight, int length,
                float stepSize, float varianceCorrection) {
            for (int i = 0; i < length; i++) {
                float g = gradient[i];
                float m = BETA1 * mean[i] + (1 - BETA1) * g;
                float v = BETA2 * variance[i] + (1 - BETA2) * g * g;
                mean[i] = m;
                variance[i] = v;
                weight[i] -= stepSize * m / ((float) Math.sqrt(v) * varianceCorrection + EPSILON);
            }
        }
    }
}
