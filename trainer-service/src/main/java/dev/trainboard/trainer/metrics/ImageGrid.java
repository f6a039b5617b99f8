package dev.trainboard.trainer.metrics;

import dev.trainboard.events.ImageLogged;
import dev.trainboard.trainer.data.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The tutorial's {@code mnist_images}: the first 64 images tiled like torchvision's {@code make_grid}
 * (8 per row, 2 black pixels of padding around and between tiles, grey copied into R, G and B), so 64
 * MNIST digits give a 242x242 RGB PNG.
 */
public final class ImageGrid {

    public static final String TAG = "mnist_images";
    static final int PER_ROW = 8;
    static final int PADDING = 2;
    static final int MAX_IMAGES = 64;

    private ImageGrid() {
    }

    public static ImageLogged firstImages(LabeledImages images) {
        int count = Math.min(MAX_IMAGES, images.count());
        int columns = Math.min(PER_ROW, count);
        int rows = (count + PER_ROW - 1) / PER_ROW;
        int cellHeight = images.rows() + PADDING;
        int cellWidth = images.columns() + PADDING;
        BufferedImage grid = new BufferedImage(columns * cellWidth + PADDING, rows * cellHeight + PADDING,
                BufferedImage.TYPE_INT_RGB);
        for (int n = 0; n < count; n++) {
            int top = (n / PER_ROW) * cellHeight + PADDING;
            int left = (n % PER_ROW) * cellWidth + PADDING;
            for (int y = 0; y < images.rows(); y++) {
                for (int x = 0; x < images.columns(); x++) {
                    int grey = images.pixels()[n * images.pixelsPerImage() + y * images.columns() + x] & 0xff;
                    grid.setRGB(left + x, top + y, (grey << 16) | (grey << 8) | grey);
                }
            }
        }
        return new ImageLogged(TAG, 0, WallTime.now(), grid.getWidth(), grid.getHeight(), 3, png(grid));
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
