package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageGridTests {

    private static final int SIZE = 28;

    @Test
    void sixtyFourDigitsMakeA242PixelGridLaidOutPixelByPixel() {
        Pixels grid = ImageGrid.of(batch(64));
        assertThat(grid.height()).isEqualTo(242);
        assertThat(grid.width()).isEqualTo(242);
        assertThat(grid.channels()).isEqualTo(3);
        for (int y = 0; y < 242; y++) {
            for (int x = 0; x < 242; x++) {
                int expected = expectedPixel(y, x, 8, 64, 0);
                for (int c = 0; c < 3; c++) {
                    assertThat(grid.at(y, x, c)).as("pixel %d,%d channel %d", y, x, c).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aPartialLastRowLeavesItsEmptyCellsAtThePadValue() {
        Pixels grid = ImageGrid.of(batch(10), 8, 2, 255);
        assertThat(grid.height()).isEqualTo(2 * 30 + 2);
        assertThat(grid.width()).isEqualTo(242);
        for (int y = 0; y < grid.height(); y++) {
            for (int x = 0; x < grid.width(); x++) {
                assertThat(grid.at(y, x, 1)).as("pixel %d,%d", y, x).isEqualTo(expectedPixel(y, x, 8, 10, 255));
            }
        }
    }

    @Test
    void fewerImagesThanARowMakeOneRowOfThatMany() {
        Pixels grid = ImageGrid.of(batch(3));
        assertThat(grid.width()).isEqualTo(3 * 30 + 2);
        assertThat(grid.height()).isEqualTo(32);
    }

    @Test
    void keepsColourChannels() {
        byte[] rgb = new byte[2 * 2 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 10);
        }
        Pixels grid = ImageGrid.of(List.of(Pixels.ofHwc(2, 2, 3, rgb)), 8, 1, 0);
        assertThat(grid.width()).isEqualTo(4);
        assertThat(grid.at(1, 1, 0)).isZero();
        assertThat(grid.at(1, 1, 1)).isEqualTo(10);
        assertThat(grid.at(2, 2, 2)).isEqualTo(110);
    }

    @Test
    void rejectsImagesOfDifferentSizes() {
        List<Pixels> mixed = List.of(Pixels.ofHwc(2, 2, 1, new byte[4]), Pixels.ofHwc(3, 2, 1, new byte[6]));
        assertThatThrownBy(() -> ImageGrid.of(mixed)).hasMessageContaining("image 1 is 3x2x1");
        assertThatThrownBy(() -> ImageGrid.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void greyGridPngTruncatesUnitFloatsLikePyTorch() throws Exception {
        List<float[]> images = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            float[] image = new float[SIZE * SIZE];
            image[0] = k / 63f;
            image[SIZE * SIZE - 1] = 0.999f;
            images.add(image);
        }
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(ImageGrid.greyGridPng(images, SIZE, SIZE)));
        assertThat(png.getWidth()).isEqualTo(242);
        assertThat(png.getHeight()).isEqualTo(242);
        // Image 9 sits in row 1, column 1: top-left at (2 + 30, 2 + 30).
        int topLeft = png.getRGB(32, 32) & 0xff;
        assertThat(topLeft).isEqualTo((int) (9 / 63f * 255f));
        assertThat(png.getRGB(32 + 27, 32 + 27) & 0xff).isEqualTo(254);
        assertThat(png.getRGB(1, 1) & 0xffffff).isZero();
        int rgb = png.getRGB(32, 32);
        assertThat((rgb >> 16) & 0xff).isEqualTo(rgb & 0xff).isEqualTo((rgb >> 8) & 0xff);
    }

    /** Image k has pixel (y, x) = (7k + y + 3x) mod 256, so every cell is distinct. */
    static List<Pixels> batch(int count) {
        List<Pixels> images = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            byte[] grey = new byte[SIZE * SIZE];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    grey[y * SIZE + x] = (byte) pixel(k, y, x);
                }
            }
            images.add(Pixels.ofHwc(SIZE, SIZE, 1, grey));
        }
        return images;
    }

    private static int pixel(int k, int y, int x) {
        return (7 * k + y + 3 * x) & 0xff;
    }

    private static int expectedPixel(int y, int x, int columns, int count, int pad) {
        int cell = SIZE + 2;
        int row = (y - 2) / cell;
        int column = (x - 2) / cell;
        int inY = (y - 2) % cell;
        int inX = (x - 2) % cell;
        if (y < 2 || x < 2 || inY >= SIZE || inX >= SIZE) {
            return pad;
        }
        int k = row * columns + column;
        return k < count ? pixel(k, inY, inX) : pad;
    }
}
