package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.proto.AttrValue;
import dev.trainboard.tfevents.proto.GraphDef;
import dev.trainboard.tfevents.proto.NodeDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphsTests {

    @Test
    void turnsNeutralNodesIntoNodeDefsWithOutputShapes() {
        GraphDef graph = Graphs.graphDef(List.of(
                new GraphNode("input/x", "IO Node", List.of(), List.of(64L, 784L), Map.of()),
                new GraphNode("Net/Linear[fc1]/out", "aten::linear", List.of("input/x"), List.of(64L, 500L),
                        Map.of("attr", "{ in_features : 784}")),
                new GraphNode("Net/extra", "noop", List.of("^input/x", "Net/Linear[fc1]/out:0"), List.of(), Map.of())));
        assertThat(graph.getVersions().getProducer()).isEqualTo(22);
        assertThat(graph.getNodeList()).extracting(NodeDef::getName)
                .containsExactly("input/x", "Net/Linear[fc1]/out", "Net/extra");
        NodeDef linear = graph.getNode(1);
        assertThat(linear.getOp()).isEqualTo("aten::linear");
        assertThat(linear.getInputList()).containsExactly("input/x");
        assertThat(linear.getAttrOrThrow("attr").getS().toStringUtf8()).isEqualTo("{ in_features : 784}");
        AttrValue shapes = linear.getAttrOrThrow(Graphs.OUTPUT_SHAPES_ATTR);
        assertThat(shapes.getList().getShapeCount()).isEqualTo(1);
        assertThat(shapes.getList().getShape(0).getDimList()).extracting(d -> d.getSize()).containsExactly(64L, 500L);
        assertThat(graph.getNode(2).getAttrMap()).doesNotContainKey(Graphs.OUTPUT_SHAPES_ATTR);
    }

    @Test
    void rejectsDuplicateNamesAndDanglingInputs() {
        GraphNode a = new GraphNode("a", "op", List.of(), List.of(), Map.of());
        assertThatThrownBy(() -> Graphs.graphDef(List.of(a, a))).hasMessageContaining("duplicate graph node name: a");
        GraphNode b = new GraphNode("b", "op", List.of("missing"), List.of(), Map.of());
        assertThatThrownBy(() -> Graphs.graphDef(List.of(a, b))).hasMessageContaining("unknown input missing");
        assertThatThrownBy(() -> new GraphNode("", "op", List.of(), List.of(), Map.of()))
                .hasMessageContaining("needs a name");
    }
}
