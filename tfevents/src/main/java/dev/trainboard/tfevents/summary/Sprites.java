package dev.trainboard.tfevents.summary;

import java.util.List;

/** Projector sprites: thumbnails tiled row-major without padding on a square, black canvas. */
public final class Sprites {

    private Sprites() {
    }

    /** ceil(sqrt(N)) cells per row and as many rows, as the projector's inspector assumes. */
    public static Pixels of(List<Pixels> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a sprite needs at least one image");
        }
        int side = (int) Math.ceil(Math.sqrt(images.size()));
        return ImageGrid.tile(images, side, side, 0, 0);
    }
}
