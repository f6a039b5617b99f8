package dev.trainboard.trainer.bench;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Pauses training every {@code windowSteps} steps to run the matrix-product loop on the training thread, so
 * that each window of steps has its baseline measured within a second of it. On these shared machines the
 * speed of memory-bound and overhead-bound code changes within minutes; a baseline taken once per round
 * can fall in a different period than the job it is compared with.
 */
final class InterleavedMatmuls extends TrainingListenerAdapter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final StepMatmuls matmuls;
    private final int windowSteps;
    private final int repetitions;
    private final List<Double> shares = new ArrayList<>();
    private long windowStartCpu = -1;
    private int stepsInWindow;

    InterleavedMatmuls(StepMatmuls matmuls, int windowSteps, int repetitions) {
        this.matmuls = matmuls;
        this.windowSteps = windowSteps;
        this.repetitions = repetitions;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        // The clock is read only at the windows' ends: each reading is a system call, which costs a step more
        // than its own time (see StepClock).
        // The first step (lazy initialisation, first allocations) is left out, as StepClock does.
        if (windowStartCpu < 0) {
            windowStartCpu = THREADS.getCurrentThreadCpuTime();
            return;
        }
        if (++stepsInWindow < windowSteps) {
            return;
        }
        double stepCpu = (THREADS.getCurrentThreadCpuTime() - windowStartCpu) / 1e9 / windowSteps;
        shares.add(matmuls.run(repetitions).cpu() / stepCpu);
        stepsInWindow = 0;
        windowStartCpu = THREADS.getCurrentThreadCpuTime();
    }

    /** For each complete window, the matrix products' CPU time per step over the window's CPU time per step. */
    List<Double> shares() {
        return List.copyOf(shares);
    }
}
