package dev.trainboard.tfevents.summary;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.trainboard.tfevents.proto.SummaryMetadata;

/** {@link SummaryMetadata} naming the TensorBoard plugin that shows a value, with its content proto. */
final class PluginMetadata {

    private PluginMetadata() {
    }

    static SummaryMetadata of(String pluginName, MessageLite content) {
        return SummaryMetadata.newBuilder()
                .setPluginData(SummaryMetadata.PluginData.newBuilder()
                        .setPluginName(pluginName)
                        .setContent(ByteString.copyFrom(content.toByteArray())))
                .build();
    }
}
