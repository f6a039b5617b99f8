package dev.trainboard.trainer.metrics;

import dev.trainboard.events.ImageLogged;
import dev.trainboard.trainer.data.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Images tiled into one PNG. The tutorial's {@code mnist_images} is the first 64 images laid out like
 * torchvision's {@code make_grid} (8 per row, 2 black pixels of padding around and between tiles, grey
 * copied into R, G and B), so 64 MNIST digits give a 242x242 RGB PNG. The projector's sprite is the same
 * without padding.
 */
public final class ImageGrid {

    public static final String TAG = "mnist_images";
    static final int PER_ROW = 8;
    static final int PADDING = 2;
    static final int MAX_IMAGES = 64;

    private ImageGrid() {
    }

    public static ImageLogged firstImages(LabeledImages images) {
        BufferedImage grid = tile(images, Math.min(MAX_IMAGES, images.count()), PER_ROW, PADDING);
        return new ImageLogged(TAG, 0, WallTime.now(), grid.getWidth(), grid.getHeight(), 3, png(grid));
    }

    /** The first {@code count} images, {@code perRow} to a row, {@code padding} black pixels around each. */
    static BufferedImage tile(LabeledImages images, int count, int perRow, int padding) {
        int columns = Math.min(perRow, count);
        int rows = (count + perRow - 1) / perRow;
        int cellHeight = images.rows() + padding;
        int cellWidth = images.columns() + padding;
        BufferedImage grid = new BufferedImage(columns * cellWidth + padding, rows * cellHeight + padding,
                BufferedImage.TYPE_INT_RGB);
        for (int n = 0; n < count; n++) {
            int top = (n / perRow) * cellHeight + padding;
            int left = (n % perRow) * cellWidth + padding;
            for (int y = 0; y < images.rows(); y++) {
                for (int x = 0; x < images.columns(); x++) {
                    int grey = images.pixels()[n * images.pixelsPerImage() + y * images.columns() + x] & 0xff;
                    grid.setRGB(left + x, top + y, (grey << 16) | (grey << 8) | grey);
                }
            }
        }
        return grid;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }
}
