package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.ImageLogged;
import dev.trainboard.trainer.data.LabeledImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageGridTests {

    /** {@code count} 28x28 images; image n is filled with grey value n + 1. */
    private static LabeledImages flatImages(int count) {
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i / 784 + 1);
        }
        return new LabeledImages(pixels, new byte[count], count, 28, 28);
    }

    @Test
    void sixtyFourDigitsMakeAnEightByEightGridOf242Pixels() throws IOException {
        ImageLogged grid = ImageGrid.firstImages(flatImages(100));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(grid.png()));

        assertThat(grid.tag()).isEqualTo("mnist_images");
        assertThat(new int[] {grid.width(), grid.height(), grid.channels()}).containsExactly(242, 242, 3);
        assertThat(new int[] {png.getWidth(), png.getHeight()}).containsExactly(242, 242);
        // Padding is black; tile (row 1, column 2) = image 10 starts at x = 2 * 30 + 2, y = 30 + 2.
        assertThat(png.getRGB(0, 0) & 0xffffff).isZero();
        assertThat(png.getRGB(61, 32) & 0xffffff).isZero();
        assertThat(png.getRGB(62, 32) & 0xffffff).isEqualTo(0x0b0b0b);
        assertThat(png.getRGB(89, 59) & 0xffffff).isEqualTo(0x0b0b0b);
        // The last tile holds image 63, not image 64 or later.
        assertThat(png.getRGB(7 * 30 + 2, 7 * 30 + 2) & 0xffffff).isEqualTo(0x404040);
    }

    @Test
    void fewerImagesMakeASmallerGridLikeMakeGrid() {
        ImageLogged grid = ImageGrid.firstImages(flatImages(10));

        // 10 images: 8 columns, 2 rows.
        assertThat(new int[] {grid.width(), grid.height()}).containsExactly(242, 62);
    }
}
