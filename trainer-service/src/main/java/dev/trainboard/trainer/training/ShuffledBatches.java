package dev.trainboard.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trainboard.trainer.data.LabeledImages;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Random;

/**
 * The training split in an epoch's shuffled order, one batch at a time. Each batch's grey values, labels and
 * {@link OneHotCrossEntropy} weights are written in place into native arrays that every step reuses; the engine
 * then scales the grey values to 0..1 (the tutorial's {@code ToTensor()}) in one vectorised division.
 *
 * <p>Why not gather a shuffled copy of the split natively once an epoch: on one thread PyTorch's indexed
 * gather of 60,000 x 784 values took about 0.6 s, 1 ms per step, a quarter of the step itself. Why not scale
 * in Java: the JIT does not vectorise a byte-to-float conversion, and converting a batch pixel by pixel took
 * 100-150 us of a 3 ms step; copying the bytes and dividing natively takes a fraction of that. Why not copy
 * and divide in one C pass, or write the next batch on a loader thread: measured, the first saved nothing (the
 * time is reading the rows from memory) and the second made steps slower on a 2-core node (docs/benchmarks.md).
 */
final class ShuffledBatches {

    private final LabeledImages split;
    private final int batchSize;
    private final int classes;
    private final int[] order;
    private final NDArray greys;
    private final NDArray labels;
    private final NDArray lossWeights;
    private final NDArray maxGrey;
    private final ByteBuffer greyMemory;
    private final LongBuffer labelMemory;
    private final FloatBuffer lossWeightMemory;
    private final long[] batchLabels;
    private final float[] batchLossWeights;

    ShuffledBatches(NDManager manager, LabeledImages split, int batchSize, int classes) {
        this.split = split;
        this.batchSize = batchSize;
        this.classes = classes;
        this.order = new int[split.count()];
        // Host memory even when training on a GPU: Java writes into it, and each training step copies its batch
        // to the trainer's device.
        this.greys = manager.zeros(new Shape(batchSize, split.pixelsPerImage()), DataType.UINT8, Device.cpu());
        this.labels = manager.zeros(new Shape(batchSize), DataType.INT64, Device.cpu());
        this.lossWeights = manager.zeros(new Shape(batchSize, classes), DataType.FLOAT32, Device.cpu());
        this.maxGrey = manager.create(255f).toDevice(Device.cpu(), false);
        // The arrays keep their memory until the manager closes, so the views of it are taken once.
        this.greyMemory = HostMemory.bytes(greys);
        this.labelMemory = HostMemory.longs(labels);
        this.lossWeightMemory = HostMemory.floats(lossWeights);
        this.batchLabels = new long[batchSize];
        this.batchLossWeights = new float[batchSize * classes];
    }

    /** Batches in an epoch; the last one holds the remainder when the batch size does not divide the split. */
    int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** Starts an epoch: a Fisher-Yates shuffle of the images, from their file order, so a seed fixes every epoch. */
    void shuffle(Random random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /**
     * Writes batch {@code batch} of the shuffled order into the reused arrays and returns the step's input,
     * attached to {@code stepScope}: the scaled images, and views of the labels and of their loss weights. The
     * views are valid until the next call.
     */
    BatchArrays load(int batch, NDManager stepScope) {
        int start = batch * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int pixels = split.pixelsPerImage();
        for (int row = 0; row < size; row++) {
            int image = order[start + row];
            greyMemory.put(row * pixels, split.pixels(), image * pixels, pixels);
            batchLabels[row] = split.labels()[image];
        }
        labelMemory.put(0, batchLabels, 0, size);
        OneHotCrossEntropy.writeWeights(batchLabels, size, classes, batchLossWeights);
        lossWeightMemory.put(0, batchLossWeights, 0, size * classes);
        NDIndex rows = new NDIndex("0:{}", size);
        // Views in the step's scope: what the engine derives from them belongs to the step, not to the reused
        // arrays' manager, and is freed with the step. Views even for a full batch, because DJL's Batch attaches
        // the arrays it is given to its own manager, which closes them with the step.
        NDArray greyRows = greys.get(rows);
        NDArray y = labels.get(rows);
        NDArray weights = lossWeights.get(rows);
        greyRows.attach(stepScope);
        y.attach(stepScope);
        weights.attach(stepScope);
        return new BatchArrays(greyRows.div(maxGrey), y, weights, size);
    }

    /** One step's input: the scaled images, and views of the reused labels and of their loss weights. */
    record BatchArrays(NDArray images, NDArray labels, NDArray lossWeights, int size) {
    }
}
