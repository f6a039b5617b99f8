package dev.trainboard.tfevents.summary;

import java.util.List;
import java.util.Map;

/**
 * One node of a model graph, independent of any framework.
 *
 * @param name        unique name; {@code /} separates name scopes, which TensorBoard draws as collapsible
 *                    boxes (e.g. {@code Net/Linear[fc1]/weight})
 * @param op          operation shown as the node type (e.g. {@code aten::linear}, {@code IO Node})
 * @param inputs      names of the nodes feeding this one ({@code node:k} for output k, {@code ^node} for a
 *                    control edge)
 * @param outputShape sizes of the node's output, shown on its out-edges; empty when unknown
 * @param attrs       string attributes shown in the node's info card
 */
public record GraphNode(String name, String op, List<String> inputs, List<Long> outputShape,
                        Map<String, String> attrs) {

    public GraphNode {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a graph node needs a name");
        }
        if (op == null || op.isEmpty()) {
            throw new IllegalArgumentException("graph node " + name + " needs an op");
        }
        inputs = List.copyOf(inputs);
        outputShape = List.copyOf(outputShape);
        attrs = Map.copyOf(attrs);
    }
}
