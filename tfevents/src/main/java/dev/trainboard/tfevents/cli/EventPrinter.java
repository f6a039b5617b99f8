package dev.trainboard.tfevents.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.GraphDef;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.proto.TensorProto;
import java.util.stream.Collectors;

/** One readable line per event: time, step and what it holds, without dumping image or graph bytes. */
final class EventPrinter {

    private static final int MAX_VALUES_SHOWN = 8;

    private EventPrinter() {
    }

    static String format(Event event) {
        StringBuilder line = new StringBuilder()
                .append(String.format("wall_time=%.3f step=%d ", event.getWallTime(), event.getStep()));
        switch (event.getWhatCase()) {
            case FILE_VERSION -> line.append("file_version=").append(event.getFileVersion());
            case SESSION_LOG -> line.append("session_log=").append(event.getSessionLog().getStatus());
            case GRAPH_DEF -> line.append(graph(event));
            case TAGGED_RUN_METADATA -> line.append("tagged_run_metadata tag=")
                    .append(event.getTaggedRunMetadata().getTag());
            case SUMMARY -> line.append(event.getSummary().getValueList().stream()
                    .map(EventPrinter::value)
                    .collect(Collectors.joining("; ", "summary: ", "")));
            default -> line.append(event.getWhatCase().name().toLowerCase());
        }
        return line.toString();
    }

    private static String graph(Event event) {
        try {
            GraphDef graph = GraphDef.parseFrom(event.getGraphDef());
            return "graph_def nodes=" + graph.getNodeCount();
        } catch (InvalidProtocolBufferException e) {
            return "graph_def (unparseable: " + e.getMessage() + ")";
        }
    }

    private static String value(Summary.Value value) {
        StringBuilder text = new StringBuilder("tag=").append(value.getTag());
        if (value.hasMetadata()) {
            text.append(" plugin=").append(value.getMetadata().getPluginData().getPluginName());
        }
        switch (value.getValueCase()) {
            case SIMPLE_VALUE -> text.append(" simple_value=").append(value.getSimpleValue());
            case IMAGE -> text.append(String.format(" image=%dx%d colorspace=%d png_bytes=%d",
                    value.getImage().getWidth(), value.getImage().getHeight(), value.getImage().getColorspace(),
                    value.getImage().getEncodedImageString().size()));
            case HISTO -> text.append(String.format(" histo num=%.0f min=%g max=%g buckets=%d",
                    value.getHisto().getNum(), value.getHisto().getMin(), value.getHisto().getMax(),
                    value.getHisto().getBucketCount()));
            case TENSOR -> text.append(" tensor=").append(tensor(value.getTensor()));
            default -> text.append(' ').append(value.getValueCase().name().toLowerCase());
        }
        return text.toString();
    }

    private static String tensor(TensorProto tensor) {
        String shape = tensor.getTensorShape().getDimList().stream()
                .map(d -> Long.toString(d.getSize()))
                .collect(Collectors.joining(",", "[", "]"));
        String values = switch (tensor.getDtype()) {
            case DT_STRING -> tensor.getStringValList().stream()
                    .limit(MAX_VALUES_SHOWN)
                    .map(s -> '"' + s.toStringUtf8() + '"')
                    .collect(Collectors.joining(", "));
            case DT_FLOAT -> tensor.getFloatValList().stream()
                    .limit(MAX_VALUES_SHOWN)
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
            default -> "";
        };
        int total = Math.max(tensor.getStringValCount(), tensor.getFloatValCount());
        return tensor.getDtype() + shape + " " + values + (total > MAX_VALUES_SHOWN ? ", ..." : "");
    }
}
