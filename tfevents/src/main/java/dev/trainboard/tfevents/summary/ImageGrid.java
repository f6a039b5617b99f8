package dev.trainboard.tfevents.summary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tiles a batch of equally sized images into one, like torchvision's {@code make_grid}: images fill rows
 * of {@code nrow} from the top-left, separated and framed by {@code padding} pixels of {@code padValue};
 * grey images become RGB. 64 MNIST digits of 28x28 with the defaults give 242x242.
 */
public final class ImageGrid {

    public static final int DEFAULT_NROW = 8;
    public static final int DEFAULT_PADDING = 2;

    private ImageGrid() {
    }

    /** The grid with torchvision's defaults: 8 per row, padding 2, black. */
    public static Pixels of(List<Pixels> images) {
        return of(images, DEFAULT_NROW, DEFAULT_PADDING, 0);
    }

    public static Pixels of(List<Pixels> images, int nrow, int padding, int padValue) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an image grid needs at least one image");
        }
        if (nrow < 1 || padding < 0 || padValue < 0 || padValue > 255) {
            throw new IllegalArgumentException("nrow must be positive, padding non-negative, padValue in 0..255");
        }
        int columns = Math.min(nrow, images.size());
        int rows = (images.size() + columns - 1) / columns;
        return tile(images, columns, rows, padding, padValue);
    }

    /**
     * PNG of the default grid of grey images given as floats in [0, 1], each row-major
     * {@code height x width}: what a trainer sends for a batch of MNIST digits.
     */
    public static byte[] greyGridPng(List<float[]> images, int height, int width) {
        List<Pixels> pixels = new ArrayList<>(images.size());
        for (float[] image : images) {
            pixels.add(Pixels.ofUnitFloatsHwc(height, width, 1, image));
        }
        return Png.encode(of(pixels));
    }

    /** {@code rows x columns} cells of the images' size, row-major; cells beyond the images stay padValue. */
    static Pixels tile(List<Pixels> images, int columns, int rows, int padding, int padValue) {
        Pixels firstImage = images.get(0);
        int h = firstImage.height();
        int w = firstImage.width();
        int inChannels = firstImage.channels();
        int channels = inChannels == 1 ? 3 : inChannels;
        int gridHeight = rows * (h + padding) + padding;
        int gridWidth = columns * (w + padding) + padding;
        byte[] grid = new byte[gridHeight * gridWidth * channels];
        Arrays.fill(grid, (byte) padValue);
        for (int k = 0; k < images.size(); k++) {
            Pixels image = images.get(k);
            if (image.height() != h || image.width() != w || image.channels() != inChannels) {
                throw new IllegalArgumentException("image " + k + " is " + image.height() + "x" + image.width() + "x"
                        + image.channels() + ", the first is " + h + "x" + w + "x" + inChannels);
            }
            int top = padding + (k / columns) * (h + padding);
            int left = padding + (k % columns) * (w + padding);
            byte[] source = image.samples();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int target = ((top + y) * gridWidth + left + x) * channels;
                    int from = (y * w + x) * inChannels;
                    for (int c = 0; c < channels; c++) {
                        grid[target + c] = source[from + (inChannels == 1 ? 0 : c)];
                    }
                }
            }
        }
        return new Pixels(gridHeight, gridWidth, channels, grid);
    }
}
