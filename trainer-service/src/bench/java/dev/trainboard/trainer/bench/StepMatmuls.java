package dev.trainboard.trainer.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The five matrix products of one training step of the tutorial's network, in DJL, with the step's shapes:
 * forward 100x784·784x500 and 100x500·500x10, weight gradients 784x100·100x500 and 500x100·100x10, and the
 * hidden layer's gradient 100x10·10x500. Their rate is the benchmark's "machine's limit".
 */
final class StepMatmuls implements AutoCloseable {

    static final int BATCH = 100;
    static final int INPUT = 784;
    static final int HIDDEN = 500;
    static final int CLASSES = 10;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final NDArray x = manager.randomUniform(0, 1, new Shape(BATCH, INPUT));
    private final NDArray w1 = manager.randomNormal(new Shape(INPUT, HIDDEN));
    private final NDArray w2 = manager.randomNormal(new Shape(HIDDEN, CLASSES));
    private final NDArray hidden = manager.randomNormal(new Shape(BATCH, HIDDEN));
    private final NDArray outGradient = manager.randomNormal(new Shape(BATCH, CLASSES));
    private final NDArray xT = x.transpose();
    private final NDArray hiddenT = hidden.transpose();
    private final NDArray w2T = w2.transpose();

    /** Wall and calling-thread CPU seconds of one step's products, averaged over the repetitions. */
    record Timing(double wall, double cpu) {
    }

    /** Multiply-adds of one step, counted as 2 FLOPs each. */
    static double flops() {
        double forward = 2.0 * BATCH * (INPUT * HIDDEN + HIDDEN * CLASSES);
        double weightGradients = 2.0 * BATCH * (INPUT * HIDDEN + HIDDEN * CLASSES);
        double hiddenGradient = 2.0 * BATCH * HIDDEN * CLASSES;
        return forward + weightGradients + hiddenGradient;
    }

    Timing run(int repetitions) {
        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < repetitions; i++) {
            try (NDManager step = manager.newSubManager()) {
                for (NDArray product : List.of(x.matMul(w1), hidden.matMul(w2), xT.matMul(hidden),
                        hiddenT.matMul(outGradient), outGradient.matMul(w2T))) {
                    product.attach(step);
                }
            }
        }
        return new Timing((System.nanoTime() - start) / 1e9 / repetitions,
                (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e9 / repetitions);
    }

    @Override
    public void close() {
        manager.close();
    }
}
