package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngTests {

    @Test
    void encodesRgbPixelsExactly() throws Exception {
        byte[] hwc = new byte[3 * 2 * 3];
        for (int i = 0; i < hwc.length; i++) {
            hwc[i] = (byte) (i * 13);
        }
        Pixels pixels = Pixels.ofHwc(3, 2, 3, hwc);
        BufferedImage decoded = decode(Png.encode(pixels));
        assertThat(decoded.getWidth()).isEqualTo(2);
        assertThat(decoded.getHeight()).isEqualTo(3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                int rgb = decoded.getRGB(x, y);
                assertThat((rgb >> 16) & 0xff).isEqualTo(pixels.at(y, x, 0));
                assertThat((rgb >> 8) & 0xff).isEqualTo(pixels.at(y, x, 1));
                assertThat(rgb & 0xff).isEqualTo(pixels.at(y, x, 2));
            }
        }
        assertThat(Png.header(Png.encode(pixels))).isEqualTo(new Png.Header(2, 3, 3));
    }

    @Test
    void greyIsWrittenAsRgbAndAlphaIsKept() throws Exception {
        byte[] grey = Png.encode(Pixels.ofHwc(1, 1, 1, new byte[] {(byte) 200}));
        assertThat(Png.header(grey).colorspace()).isEqualTo(3);
        assertThat(decode(grey).getRGB(0, 0) & 0xffffff).isEqualTo(0xc8c8c8);
        byte[] rgba = Png.encode(Pixels.ofHwc(1, 1, 4, new byte[] {1, 2, 3, 4}));
        assertThat(Png.header(rgba).colorspace()).isEqualTo(4);
        assertThat(decode(rgba).getRGB(0, 0)).isEqualTo(0x04010203);
    }

    @Test
    void rejectsBytesThatAreNotAPng() {
        assertThatThrownBy(() -> Png.header(new byte[40])).hasMessageContaining("not a PNG");
    }

    @Test
    void pixelsFromChwFloatsAreReorderedScaledClippedAndTruncated() {
        float[] chw = {0f, 0.5f, 1f, 2f, -1f, 0.999f};
        Pixels pixels = Pixels.ofUnitFloatsChw(3, 1, 2, chw);
        assertThat(pixels.at(0, 0, 0)).isZero();
        assertThat(pixels.at(0, 1, 0)).isEqualTo(127);
        assertThat(pixels.at(0, 0, 1)).isEqualTo(255);
        assertThat(pixels.at(0, 1, 1)).isEqualTo(255);
        assertThat(pixels.at(0, 0, 2)).isZero();
        assertThat(pixels.at(0, 1, 2)).isEqualTo(254);
        assertThatThrownBy(() -> Pixels.ofChw(3, 2, 2, new byte[5])).hasMessageContaining("expected 12");
        assertThatThrownBy(() -> Pixels.ofHwc(1, 1, 2, new byte[2])).hasMessageContaining("channels");
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
