package dev.trainboard.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trainboard.trainer.data.LabeledImages;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Random;

/**
 * The training split in an epoch's shuffled order, one batch at a time. Each batch is written in place
 * into one pair of native arrays that every step reuses: the grey values scaled to 0..1 (the tutorial's
 * {@code ToTensor()}) and the labels.
 *
 * <p>Why not gather a shuffled copy of the split natively once an epoch: on one thread PyTorch's indexed
 * gather of 60,000 x 784 values took about 0.6 s, 1 ms per step, a quarter of the step itself; writing one
 * batch here costs a few tens of microseconds and leaves the batch in cache for the forward pass.
 */
final class ShuffledBatches {

    /** Grey value / 255, looked up: a division per pixel cost more than the rest of writing a batch. */
    private static final float[] SCALED = new float[256];

    static {
        for (int grey = 0; grey < SCALED.length; grey++) {
            SCALED[grey] = grey / 255f;
        }
    }

    private final LabeledImages split;
    private final int batchSize;
    private final int[] order;
    private final NDArray images;
    private final NDArray labels;
    private final float[] scaledRows;
    private final long[] batchLabels;

    ShuffledBatches(NDManager manager, LabeledImages split, int batchSize) {
        this.split = split;
        this.batchSize = batchSize;
        this.order = new int[split.count()];
        // Host memory even when training on a GPU: the views below write into it, and EasyTrain copies each
        // batch to the trainer's device.
        this.images = manager.zeros(new Shape(batchSize, split.pixelsPerImage()), DataType.FLOAT32, Device.cpu());
        this.labels = manager.zeros(new Shape(batchSize), DataType.INT64, Device.cpu());
        this.scaledRows = new float[batchSize * split.pixelsPerImage()];
        this.batchLabels = new long[batchSize];
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
     * Writes batch {@code batch} of the shuffled order into the reused arrays and returns views of its rows,
     * attached to {@code stepScope}. The views are valid until the next call.
     */
    BatchArrays load(int batch, NDManager stepScope) {
        int start = batch * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int pixels = split.pixelsPerImage();
        byte[] grey = split.pixels();
        for (int row = 0; row < size; row++) {
            int image = order[start + row];
            int from = image * pixels;
            int to = row * pixels;
            for (int p = 0; p < pixels; p++) {
                scaledRows[to + p] = SCALED[grey[from + p] & 0xFF];
            }
            batchLabels[row] = split.labels()[image];
        }
        FloatBuffer imageMemory = HostMemory.floats(images);
        imageMemory.put(0, scaledRows, 0, size * pixels);
        LongBuffer labelMemory = HostMemory.longs(labels);
        labelMemory.put(0, batchLabels, 0, size);
        NDIndex rows = new NDIndex("0:{}", size);
        NDArray x = images.get(rows);
        NDArray y = labels.get(rows);
        x.attach(stepScope);
        y.attach(stepScope);
        return new BatchArrays(x, y, size);
    }

    /** One step's input: views of the reused arrays. */
    record BatchArrays(NDArray images, NDArray labels, int size) {
    }
}
