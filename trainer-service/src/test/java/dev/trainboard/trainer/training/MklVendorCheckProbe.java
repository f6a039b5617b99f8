package dev.trainboard.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.NativeLibrary;

/**
 * Run in a JVM of its own by {@link MklVendorCheckTests}, because the vendor check binds once per process,
 * when libtorch loads: starts the engine with the bypass as given in {@code args[0]}, multiplies matrices of
 * the tutorial's first layer and prints how often MKL consulted the bypass library, or {@code absent}.
 */
public final class MklVendorCheckProbe {

    private static final String CONSULTATIONS = "trainboard_mkl_vendor_check_consultations";

    private MklVendorCheckProbe() {
    }

    public static void main(String[] args) {
        PyTorchEngine.start(1, Boolean.parseBoolean(args[0]));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray product = manager.ones(new Shape(100, 784)).matMul(manager.ones(new Shape(784, 500)));
            if (product.getFloat(99, 499) != 784f) {
                throw new IllegalStateException("the product is wrong: " + product.getFloat(99, 499));
            }
        }
        String consultations;
        try {
            // The process's global scope: where libtorch's calls to the vendor check were bound.
            long calls = NativeLibrary.getProcess().getFunction(CONSULTATIONS).invokeLong(new Object[0]);
            consultations = Long.toString(calls);
        } catch (UnsatisfiedLinkError notLoaded) {
            consultations = "absent";
        }
        System.out.println("consultations=" + consultations);
    }
}
