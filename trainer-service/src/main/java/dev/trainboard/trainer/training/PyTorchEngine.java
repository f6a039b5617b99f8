package dev.trainboard.trainer.training;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine with this service's settings. The thread counts are read once, when the
 * engine loads, and MKL's vendor check binds when libtorch loads, so both are set here before the first
 * call that touches the engine.
 */
public final class PyTorchEngine {

    private PyTorchEngine() {
    }

    /**
     * @param intraOpThreads threads one operator may use on CPU; 1 by default because on shared 2-core
     *     nodes 2 threads were measured up to 10x slower under load
     * @param bypassMklVendorCheck let MKL use its fast kernels on non-Intel processors ({@link MklVendorCheck})
     */
    public static Engine start(int intraOpThreads, boolean bypassMklVendorCheck) {
        if (bypassMklVendorCheck) {
            MklVendorCheck.bypass();
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        // The native library comes from the pytorch-native-cpu jar; any download attempt is a bug.
        System.setProperty("ai.djl.offline", "true");
        return Engine.getEngine("PyTorch");
    }
}
