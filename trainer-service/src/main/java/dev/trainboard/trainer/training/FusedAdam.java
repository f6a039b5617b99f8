package dev.trainboard.trainer.training;

import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
 * views of the tensors' memory, updated in one loop over Java arrays (which the JIT vectorises) and written
 * back, in about a tenth of that time (docs/benchmarks.md). The views need host memory, so on a GPU
 * {@link MnistTraining} keeps DJL's Adam.
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
        for (Pair<String, Parameter> parameter : parameters) {
            update(parameter.getValue().getId(), (PtNDArray) parameter.getValue().getArray());
        }
    }

    private void update(String parameterId, PtNDArray weight) {
        Moments state = moments.computeIfAbsent(parameterId, id -> new Moments(weight));
        state.gradientView.get(0, state.gradient);
        // What DJL's own optimizers do after an update; otherwise the next backward pass adds to this gradient.
        JniUtils.zeroGrad(weight);
        state.apply(learningRate, step);
        state.weightView.put(0, state.weight);
    }

    /**
     * One parameter's first and second moments, a scratch array for its gradient, a copy of its weights, and
     * views of the weight and gradient tensors' memory.
     *
     * <p>The copy is the master: only this optimizer changes the weights while a job trains, so they are read
     * from the tensor once and afterwards only written back, one copy of the tensor per step instead of two.
     * The views are taken once because both tensors keep their memory for the whole job: the weights are
     * written in place, and once a gradient exists PyTorch adds each backward pass into it and
     * {@code zeroGrad} clears it in place. Taking a view costs DJL five engine calls, 12-15 us, per tensor.
     */
    private static final class Moments {

        private final float[] mean;
        private final float[] variance;
        private final float[] gradient;
        private final float[] weight;
        private final FloatBuffer weightView;
        private final FloatBuffer gradientView;

        /** Needs the gradient of {@code parameter}: call after the first backward pass. */
        Moments(PtNDArray parameter) {
            weightView = HostMemory.floats(parameter);
            // The gradient's handle stays open, owned by the parameter's manager, as long as the view is used.
            gradientView = HostMemory.floats(parameter.getGradient());
            int size = weightView.capacity();
            mean = new float[size];
            variance = new float[size];
            gradient = new float[size];
            weight = new float[size];
            weightView.get(0, weight);
        }

        void apply(float learningRate, int step) {
            float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)));
            float varianceCorrection = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, step)));
            for (int i = 0; i < mean.length; i++) {
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
