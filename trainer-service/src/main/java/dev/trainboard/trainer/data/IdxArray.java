package dev.trainboard.trainer.data;

/**
 * The content of one IDX file of unsigned bytes.
 *
 * @param dimensions the sizes from the header, outermost first (count, rows, columns for images)
 * @param values row-major values, as many as the product of the dimensions
 */
public record IdxArray(int[] dimensions, byte[] values) {

    /** The outermost dimension: images or labels in the file. */
    public int count() {
        return dimensions[0];
    }

    /** Values per item: 784 for 28x28 images, 1 for labels. */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dimensions.length; i++) {
            size *= dimensions[i];
        }
        return size;
    }
}
