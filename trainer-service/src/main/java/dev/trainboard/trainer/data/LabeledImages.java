package dev.trainboard.trainer.data;

/**
 * Images and their labels, as stored in IDX files.
 *
 * @param pixels count * rows * columns grey values 0..255, row-major, image after image
 * @param labels one class 0..9 per image
 */
public record LabeledImages(byte[] pixels, byte[] labels, int count, int rows, int columns) {

    public int pixelsPerImage() {
        return rows * columns;
    }
}
