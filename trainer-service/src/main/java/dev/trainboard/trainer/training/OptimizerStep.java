package dev.trainboard.trainer.training;

import ai.djl.Device;
import ai.djl.nn.ParameterList;
import ai.djl.training.Trainer;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The update after each backward pass, and the state of it a checkpoint keeps: {@link FusedAdam} for Adam on
 * the CPU, otherwise the configured DJL optimizer through {@code trainer.step()}. DJL's optimizers keep their
 * state inside the engine where it cannot be read: plain SGD has none, but DJL's Adam (on a GPU) starts its
 * moments afresh after a resume.
 */
final class OptimizerStep {

    private static final String FORMAT = "trainboard-optimizer";
    private static final int VERSION = 1;
    private static final String FUSED_ADAM = "fused-adam";
    private static final String ENGINE = "engine";

    private final Trainer trainer;
    private final ParameterList parameters;
    private final FusedAdam adam;

    private OptimizerStep(Trainer trainer, FusedAdam adam) {
        this.trainer = trainer;
        this.parameters = trainer.getModel().getBlock().getParameters();
        this.adam = adam;
    }

    static OptimizerStep of(JobSpec spec, Device device, Trainer trainer) {
        boolean fused = spec.optimizer() == Optimizer.ADAM && !device.isGpu();
        return new OptimizerStep(trainer, fused ? new FusedAdam((float) spec.learningRate()) : null);
    }

    void run() {
        if (adam != null) {
            adam.step(parameters);
        } else {
            trainer.step();
        }
    }

    /** {@code optimizer.bin}: a header naming the format, its version and the kind of state, then the state. */
    void write(DataOutputStream out) throws IOException {
        out.writeUTF(FORMAT);
        out.writeInt(VERSION);
        out.writeUTF(kind());
        if (adam != null) {
            adam.writeState(out, parameters);
        }
    }

    void read(DataInputStream in) throws IOException {
        String format = in.readUTF();
        int version = in.readInt();
        String kind = in.readUTF();
        if (!format.equals(FORMAT) || version != VERSION || !kind.equals(kind())) {
            throw new IOException("optimizer state is " + format + " v" + version + " " + kind + ", expected "
                    + FORMAT + " v" + VERSION + " " + kind());
        }
        if (adam != null) {
            adam.readState(in, parameters);
        }
    }

    private String kind() {
        return adam != null ? FUSED_ADAM : ENGINE;
    }
}
