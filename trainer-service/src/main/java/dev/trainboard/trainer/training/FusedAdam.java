package dev.trainboard.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam as {@code torch.optim.Adam} defines it (bias-corrected moments, epsilon added to the corrected
 * square root), computed in one pass over each parameter on the CPU.
 *
 * <p>Why not DJL's own Adam: its native update makes about a dozen passes over the weights with
 * temporaries, and on one thread it took 2.8-3.0 ms of a 6.8 ms step for the tutorial's network. Here the
 * weights and the gradient are read through direct views of the tensors' memory, updated in Java arrays
 * (a loop the JIT vectorises) and written back: about a sixth of that time (docs/benchmarks.md). The
 * moments live on the Java heap and the views need host memory, so this optimizer only serves CPU
 * parameters; {@link MnistTraining} keeps DJL's Adam on a GPU.
 */
final class FusedAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final Map<String, Moments> moments = new HashMap<>();

    private FusedAdam(Builder builder, float learningRate) {
        super(builder);
        this.learningRate = learningRate;
    }

    static FusedAdam withLearningRate(float learningRate) {
        return new FusedAdam(new Builder(), learningRate);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray ignoredCopyOfGradient) {
        int step = updateCount(parameterId);
        Moments state = moments.computeIfAbsent(parameterId, id -> new Moments(Math.toIntExact(weight.size())));
        // DJL hands over a copy; the parameter's own gradient must be read and then cleared, as DJL's
        // optimizers do, or the next backward pass would add to it.
        try (NDArray gradient = weight.getGradient()) {
            FloatBuffer gradientView = HostMemory.floats(gradient);
            gradientView.get(0, state.gradient);
            gradientView.put(0, state.zeros);
        }
        FloatBuffer weightView = HostMemory.floats(weight);
        weightView.get(0, state.weight);
        state.apply(learningRate, step);
        weightView.put(0, state.weight);
    }

    /** One parameter's first and second moments, with scratch arrays reused every step. */
    private static final class Moments {

        private final float[] mean;
        private final float[] variance;
        private final float[] gradient;
        private final float[] weight;
        private final float[] zeros;

        Moments(int size) {
            mean = new float[size];
            variance = new float[size];
            gradient = new float[size];
            weight = new float[size];
            zeros = new float[size];
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

    private static final class Builder extends OptimizerBuilder<Builder> {

        @Override
        protected Builder self() {
            return this;
        }
    }
}
