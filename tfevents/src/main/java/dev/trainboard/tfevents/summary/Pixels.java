package dev.trainboard.tfevents.summary;

/**
 * An 8-bit image in row-major HWC order (for each row from the top, each pixel from the left, its
 * channels): 1 channel = grey, 3 = RGB, 4 = RGBA. Factories convert from CHW order and from floats in
 * [0, 1], the latter like PyTorch: multiplied by 255, clipped to [0, 255] and truncated.
 */
public record Pixels(int height, int width, int channels, byte[] hwc) {

    public Pixels {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, was " + height + "x" + width);
        }
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4, was " + channels);
        }
        if (hwc.length != height * width * channels) {
            throw new IllegalArgumentException("expected " + height * width * channels + " pixel values, got "
                    + hwc.length);
        }
        hwc = hwc.clone();
    }

    public static Pixels ofHwc(int height, int width, int channels, byte[] hwc) {
        return new Pixels(height, width, channels, hwc);
    }

    public static Pixels ofChw(int channels, int height, int width, byte[] chw) {
        requireLength(chw.length, channels, height, width);
        byte[] hwc = new byte[chw.length];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                hwc[i * channels + c] = chw[c * plane + i];
            }
        }
        return new Pixels(height, width, channels, hwc);
    }

    /** From floats in [0, 1], HWC order. */
    public static Pixels ofUnitFloatsHwc(int height, int width, int channels, float[] hwc) {
        requireLength(hwc.length, channels, height, width);
        return new Pixels(height, width, channels, toBytes(hwc));
    }

    /** From floats in [0, 1], CHW order (a PyTorch image tensor). */
    public static Pixels ofUnitFloatsChw(int channels, int height, int width, float[] chw) {
        requireLength(chw.length, channels, height, width);
        return ofChw(channels, height, width, toBytes(chw));
    }

    /** The value 0..255 of channel {@code c} of the pixel in row {@code y}, column {@code x}. */
    public int at(int y, int x, int c) {
        return hwc[(y * width + x) * channels + c] & 0xff;
    }

    @Override
    public byte[] hwc() {
        return hwc.clone();
    }

    /** Pixels without copying, for encoders in this package. */
    byte[] samples() {
        return hwc;
    }

    private static byte[] toBytes(float[] units) {
        byte[] bytes = new byte[units.length];
        for (int i = 0; i < units.length; i++) {
            bytes[i] = toByte(units[i]);
        }
        return bytes;
    }

    private static byte toByte(float unit) {
        float scaled = unit * 255f;
        if (!(scaled > 0f)) {
            return 0;
        }
        return (byte) (int) Math.min(255f, scaled);
    }

    private static void requireLength(int length, int channels, int height, int width) {
        if (length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " pixel values for "
                    + channels + "x" + height + "x" + width + ", got " + length);
        }
    }
}
