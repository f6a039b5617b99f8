package dev.trainboard.tfevents.summary;

import com.google.protobuf.ByteString;
import dev.trainboard.tfevents.proto.Summary;

/** Images in the legacy {@code image} form, as PyTorch writes them: PNG bytes with size and colorspace. */
public final class Images {

    private Images() {
    }

    /**
     * @throws IllegalArgumentException when {@code png} is not a PNG image
     */
    public static Summary.Value value(String tag, byte[] png) {
        Png.Header header = Png.header(png);
        return Summary.Value.newBuilder()
                .setTag(Tensors.requireTag(tag))
                .setImage(Summary.Image.newBuilder()
                        .setHeight(header.height())
                        .setWidth(header.width())
                        .setColorspace(header.colorspace())
                        .setEncodedImageString(ByteString.copyFrom(png)))
                .build();
    }

    public static Summary.Value value(String tag, Pixels pixels) {
        return value(tag, Png.encode(pixels));
    }
}
