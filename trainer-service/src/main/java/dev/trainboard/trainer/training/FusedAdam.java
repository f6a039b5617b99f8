package dev.trainboard.trainer.training;

import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 *
 * <p>Its state (the step count and both moments of every parameter, by parameter name) goes into a checkpoint
 * with {@link #writeState} and comes back with {@link #readState}, so a resumed run takes the very updates the
 * uninterrupted one would have.
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
            Moments state = moments.computeIfAbsent(parameter.getKey(), name -> new Moments(array));
            try (PtNDArray gradient = array.getGradient()) {
                state.update(HostMemory.floats(gradient), stepSize, varianceCorrection);
            }
            // The new handle shares the weights' memory, so the weight view stays valid; the old handle, and
            // the gradient with it, go when the step's graph is freed.
            array.intern(array.stopGradient());
            array.setRequiresGradient(true);
        }
    }

    /** Writes the step count, then each parameter's name, length and moments, in the order of {@code parameters}. */
    void writeState(DataOutputStream out, ParameterList parameters) throws IOException {
        out.writeInt(step);
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> parameter : parameters) {
            Moments state = moments.computeIfAbsent(parameter.getKey(),
                    name -> new Moments((PtNDArray) parameter.getValue().getArray()));
            out.writeUTF(parameter.getKey());
            out.writeInt(state.weight.capacity());
            writeFloats(out, state.mean);
            writeFloats(out, state.variance);
        }
    }

    /**
     * Reads what {@link #writeState} wrote for the same network; the parameters must already hold their
     * checkpointed weights.
     *
     * @throws IOException when the state does not fit {@code parameters} (names, count or lengths)
     */
    void readState(DataInputStream in, ParameterList parameters) throws IOException {
        int savedStep = in.readInt();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state holds " + count + " parameters, the network " + parameters.size());
        }
        Map<String, Moments> restored = new HashMap<>();
        for (Pair<String, Parameter> parameter : parameters) {
            String name = in.readUTF();
            int length = in.readInt();
            Moments state = new Moments((PtNDArray) parameter.getValue().getArray());
            if (!name.equals(parameter.getKey()) || length != state.weight.capacity()) {
                throw new IOException("optimizer state for " + name + " (" + length + " values) does not fit "
                        + parameter.getKey() + " (" + state.weight.capacity() + " values)");
            }
            readFloats(in, state.mean);
            readFloats(in, state.variance);
            restored.put(name, state);
        }
        moments.clear();
        moments.putAll(restored);
        step = savedStep;
    }

    private static void writeFloats(DataOutputStream out, FloatBuffer values) throws IOException {
        for (int i = 0; i < values.capacity(); i++) {
            out.writeFloat(values.get(i));
        }
    }

    private static void readFloats(DataInputStream in, FloatBuffer values) throws IOException {
        for (int i = 0; i < values.capacity(); i++) {
            values.put(i, in.readFloat());
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
