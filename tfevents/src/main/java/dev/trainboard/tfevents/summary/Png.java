package dev.trainboard.tfevents.summary;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/** PNG encoding of {@link Pixels}, and the size and colour type found in a PNG's header. */
public final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Width, height and TensorBoard colorspace (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) of a PNG. */
    public record Header(int width, int height, int colorspace) {
    }

    private Png() {
    }

    /** Encodes 8-bit RGB (grey images are repeated to RGB, as PyTorch does) or RGBA. */
    public static byte[] encode(Pixels pixels) {
        boolean alpha = pixels.channels() == 4;
        BufferedImage image = new BufferedImage(pixels.width(), pixels.height(),
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int bands = alpha ? 4 : 3;
        int[] samples = new int[pixels.width() * pixels.height() * bands];
        byte[] source = pixels.samples();
        int channels = pixels.channels();
        for (int p = 0, n = pixels.width() * pixels.height(); p < n; p++) {
            for (int b = 0; b < bands; b++) {
                samples[p * bands + b] = source[p * channels + (channels == 1 ? 0 : b)] & 0xff;
            }
        }
        WritableRaster raster = image.getRaster();
        raster.setPixels(0, 0, pixels.width(), pixels.height(), samples);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return png.toByteArray();
    }

    /**
     * Reads the IHDR chunk.
     *
     * @throws IllegalArgumentException when the bytes are not a PNG
     */
    public static Header header(byte[] png) {
        if (png.length < 33 || !ByteBuffer.wrap(png, 0, 8).equals(ByteBuffer.wrap(SIGNATURE))
                || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IllegalArgumentException("not a PNG image");
        }
        ByteBuffer view = ByteBuffer.wrap(png);
        int colorType = png[25];
        int colorspace = switch (colorType) {
            case 0 -> 1;
            case 4 -> 2;
            case 6 -> 4;
            default -> 3; // 2 = RGB, 3 = palette
        };
        return new Header(view.getInt(16), view.getInt(20), colorspace);
    }
}
