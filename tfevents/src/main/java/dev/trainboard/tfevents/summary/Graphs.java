package dev.trainboard.tfevents.summary;

import com.google.protobuf.ByteString;
import dev.trainboard.tfevents.proto.AttrValue;
import dev.trainboard.tfevents.proto.GraphDef;
import dev.trainboard.tfevents.proto.NodeDef;
import dev.trainboard.tfevents.proto.VersionDef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** A {@link GraphDef} for TensorBoard's graph tab, shaped like the one PyTorch's {@code add_graph} writes. */
public final class Graphs {

    /** Attribute holding the output shapes, which TensorBoard prints on edges. */
    public static final String OUTPUT_SHAPES_ATTR = "_output_shapes";

    // What PyTorch writes; TensorBoard only displays it.
    private static final int PRODUCER_VERSION = 22;

    private Graphs() {
    }

    /**
     * @throws IllegalArgumentException when two nodes share a name or an input names no node
     */
    public static GraphDef graphDef(List<GraphNode> nodes) {
        Set<String> names = new HashSet<>();
        for (GraphNode node : nodes) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("duplicate graph node name: " + node.name());
            }
        }
        GraphDef.Builder graph = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(PRODUCER_VERSION));
        for (GraphNode node : nodes) {
            for (String input : node.inputs()) {
                if (!names.contains(producerOf(input))) {
                    throw new IllegalArgumentException("graph node " + node.name() + " has unknown input " + input);
                }
            }
            graph.addNode(nodeDef(node));
        }
        return graph.build();
    }

    private static NodeDef nodeDef(GraphNode node) {
        NodeDef.Builder def = NodeDef.newBuilder().setName(node.name()).setOp(node.op()).addAllInput(node.inputs());
        new TreeMap<>(node.attrs()).forEach((key, text) ->
                def.putAttr(key, AttrValue.newBuilder().setS(ByteString.copyFromUtf8(text)).build()));
        if (!node.outputShape().isEmpty()) {
            long[] dims = node.outputShape().stream().mapToLong(Long::longValue).toArray();
            def.putAttr(OUTPUT_SHAPES_ATTR, AttrValue.newBuilder()
                    .setList(AttrValue.ListValue.newBuilder().addShape(Tensors.shape(dims)))
                    .build());
        }
        return def.build();
    }

    /** The node an input reference points at: without a leading {@code ^} and a trailing {@code :k}. */
    private static String producerOf(String input) {
        String name = input.startsWith("^") ? input.substring(1) : input;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < name.length() - 1) {
            return name.substring(0, colon);
        }
        return name;
    }
}
