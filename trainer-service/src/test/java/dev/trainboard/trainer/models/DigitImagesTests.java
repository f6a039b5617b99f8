package dev.trainboard.trainer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import org.junit.jupiter.api.Test;

class DigitImagesTests {

    @Test
    void eightBitGreyValuesAreDividedBy255AsInTraining() {
        byte[] greys = new byte[784];
        for (int i = 0; i < greys.length; i++) {
            greys[i] = (byte) (i % 256);
        }

        float[] pixels = DigitImages.fromPng(Pngs.grey(greys, 28, 28));

        for (int i = 0; i < greys.length; i++) {
            assertThat(pixels[i]).isEqualTo((i % 256) / 255f);
        }
    }

    @Test
    void sixteenBitGreyIsScaledTo255Steps() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(1, 0, 0, 65535);
        image.getRaster().setSample(2, 0, 0, 128 * 257);

        float[] pixels = DigitImages.fromPng(Pngs.encode(image));

        assertThat(pixels[0]).isZero();
        assertThat(pixels[1]).isEqualTo(1f);
        assertThat(pixels[2]).isEqualTo(128 / 255f);
    }

    @Test
    void greyRgbAndPaletteImagesAreRead() {
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(5, 1, 0x808080);
        assertThat(DigitImages.fromPng(Pngs.encode(rgb))[28 + 5]).isEqualTo(128 / 255f);

        byte[] ramp = new byte[256];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) i;
        }
        BufferedImage palette = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, ramp, ramp, ramp));
        palette.getRaster().setSample(27, 27, 0, 200);
        assertThat(DigitImages.fromPng(Pngs.encode(palette))[783]).isEqualTo(200 / 255f);
    }

    @Test
    void transparencyIsLaidOverTheBlackBackground() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x80ffffff);
        image.setRGB(1, 0, 0xffffffff);

        float[] pixels = DigitImages.fromPng(Pngs.encode(image));

        assertThat(pixels[0]).isEqualTo(128 / 255f);
        assertThat(pixels[1]).isEqualTo(1f);
        assertThat(pixels[2]).isZero();
    }

    @Test
    void aColourPixelIsRefusedByItsPosition() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        image.setRGB(7, 9, 0x102030);

        assertThatThrownBy(() -> DigitImages.fromPng(Pngs.encode(image)))
                .isInstanceOf(InvalidDigitsException.class)
                .hasMessageContaining("Pixel (7, 9) is colour (red 16, green 32, blue 48)");
    }
}
