package dev.trainboard.tfevents.summary;

import com.google.protobuf.ByteString;
import dev.trainboard.tfevents.proto.DataType;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.proto.TensorProto;
import dev.trainboard.tfevents.proto.TextPluginData;

/**
 * Markdown text for TensorBoard's text plugin, written the way PyTorch does (and the reference files
 * show): the tag gets the suffix {@value #TAG_SUFFIX}, the value is a DT_STRING tensor of shape [1].
 */
public final class Texts {

    public static final String PLUGIN_NAME = "text";
    public static final String TAG_SUFFIX = "/text_summary";

    private Texts() {
    }

    /** The tag under which {@code tag} is stored: {@code tag + "/text_summary"}. */
    public static String storedTag(String tag) {
        return Tensors.requireTag(tag) + TAG_SUFFIX;
    }

    public static Summary.Value value(String tag, String markdown) {
        return Summary.Value.newBuilder()
                .setTag(storedTag(tag))
                .setMetadata(PluginMetadata.of(PLUGIN_NAME, TextPluginData.getDefaultInstance()))
                .setTensor(TensorProto.newBuilder()
                        .setDtype(DataType.DT_STRING)
                        .setTensorShape(Tensors.shape(1))
                        .addStringVal(ByteString.copyFromUtf8(markdown)))
                .build();
    }
}
