package dev.trainboard.trainer.models;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;

/**
 * Turns what a client sends into the network's input, exactly as training prepares an image: 28x28 grey values
 * 0..255 (0 the background, 255 the ink, as in MNIST), row-major, each divided by 255 as a float.
 *
 * <p>Grey samples are read from the raster, never through {@link BufferedImage#getRGB}: Java converts a grey
 * image's linear values to sRGB there, which would change every mid-grey pixel.
 */
final class DigitImages {

    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final float MAX_GREY = 255f;

    private DigitImages() {
    }

    /**
     * One 28x28 PNG: grey (any bit depth), a palette, or RGB whose every pixel is grey; transparency is laid
     * over black, the MNIST background.
     */
    static float[] fromPng(byte[] body) {
        if (body.length < PNG_SIGNATURE.length
                || !Arrays.equals(Arrays.copyOf(body, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new InvalidDigitsException("Not a PNG",
                    "The body does not start with the PNG signature; send a 28x28 grayscale PNG as image/png");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(body));
        } catch (IOException | RuntimeException e) {
            throw new InvalidDigitsException("Unreadable PNG", "The PNG could not be decoded: " + e.getMessage());
        }
        if (image == null) {
            throw new InvalidDigitsException("Unreadable PNG", "The PNG could not be decoded");
        }
        if (image.getWidth() != SIDE || image.getHeight() != SIDE) {
            throw new InvalidDigitsException("Wrong image size", "The image is " + image.getWidth() + "x"
                    + image.getHeight() + " pixels; the model takes 28x28");
        }
        float[] pixels = new float[PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = grey(image, x, y) / MAX_GREY;
            }
        }
        return pixels;
    }

    /** A batch as JSON: {@code {"images": [[784 values 0..1, row-major], ...]}}, at most {@code maxImages}. */
    static List<float[]> fromJson(JsonNode body, int maxImages) {
        JsonNode images = body == null ? null : body.get("images");
        if (images == null || !images.isArray() || images.isEmpty()) {
            throw new InvalidDigitsException("No images",
                    "The body must be {\"images\": [[784 grey values 0..1], ...]} with at least one image");
        }
        if (images.size() > maxImages) {
            throw new InvalidDigitsException("Too many images",
                    "The body holds " + images.size() + " images; one request may hold at most " + maxImages);
        }
        List<float[]> batch = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            batch.add(oneFromJson(images.get(i), i));
        }
        return batch;
    }

    private static float[] oneFromJson(JsonNode image, int index) {
        if (!image.isArray() || image.size() != PIXELS) {
            throw new InvalidDigitsException("Wrong image size", "images[" + index + "] must be an array of 784 "
                    + "grey values (28x28, row-major)" + (image.isArray() ? "; it holds " + image.size() : ""));
        }
        float[] pixels = new float[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            JsonNode value = image.get(p);
            double grey = value.isNumber() ? value.doubleValue() : Double.NaN;
            if (!(grey >= 0 && grey <= 1)) {
                throw new InvalidDigitsException("Wrong value", "images[" + index + "][" + p + "] is " + value
                        + "; each value must be a number from 0 (background) to 1 (ink)");
            }
            pixels[p] = (float) grey;
        }
        return pixels;
    }

    /** The pixel's grey value 0..255 on a black background. */
    private static int grey(BufferedImage image, int x, int y) {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int red;
        int green;
        int blue;
        int alpha;
        if (model instanceof IndexColorModel palette) {
            int argb = palette.getRGB(raster.getSample(x, y, 0));
            alpha = argb >>> 24;
            red = (argb >> 16) & 0xff;
            green = (argb >> 8) & 0xff;
            blue = argb & 0xff;
        } else if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            red = sample(model, raster, x, y, 0);
            green = red;
            blue = red;
            alpha = model.hasAlpha() ? sample(model, raster, x, y, 1) : 255;
        } else if (model.getColorSpace().isCS_sRGB() && raster.getNumBands() >= 3) {
            red = sample(model, raster, x, y, 0);
            green = sample(model, raster, x, y, 1);
            blue = sample(model, raster, x, y, 2);
            alpha = model.hasAlpha() ? sample(model, raster, x, y, 3) : 255;
        } else {
            throw new InvalidDigitsException("Not grayscale-convertible",
                    "The PNG's colour space cannot be read as grey; send a grayscale PNG");
        }
        if (red != green || green != blue) {
            throw new InvalidDigitsException("Not grayscale-convertible", "Pixel (" + x + ", " + y + ") is colour "
                    + "(red " + red + ", green " + green + ", blue " + blue + "); send a grayscale PNG, or an RGB "
                    + "PNG whose every pixel is grey");
        }
        return alpha == 255 ? red : Math.round(red * alpha / MAX_GREY);
    }

    /** A band's sample scaled to 0..255 (PNG allows 1 to 16 bits). */
    private static int sample(ColorModel model, Raster raster, int x, int y, int band) {
        int bits = model.getComponentSize(band);
        int value = raster.getSample(x, y, band);
        return bits == 8 ? value : (int) Math.round(value * 255.0 / ((1 << bits) - 1));
    }
}
