package dev.trainboard.trainer.metrics;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes an initialised DJL block tree as neutral graph nodes: an input, one node per leaf block fed
 * by the previous one (children of a block run in order, as in a SequentialBlock), one node per parameter
 * feeding its block, and an output. Names are scopes joined by {@code /}, starting at the root block.
 */
public final class ModelGraph {

    private ModelGraph() {
    }

    public static GraphLogged describe(Block root, Shape inputShape) {
        List<GraphNode> nodes = new ArrayList<>();
        nodes.add(new GraphNode("input", "Input", List.of(), dims(inputShape), Map.of()));
        Flow last = addBlock(root, opName(root), new Flow("input", new Shape[] {inputShape}), nodes);
        nodes.add(new GraphNode("output", "Output", List.of(last.node()), dims(last.shapes()[0]), Map.of()));
        return new GraphLogged(nodes);
    }

    /** Every parameter of the tree under the same names the graph gives its parameter nodes. */
    public static Map<String, Parameter> parameters(Block root) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        collectParameters(root, opName(root), parameters);
        return parameters;
    }

    private record Flow(String node, Shape[] shapes) {
    }

    private static Flow addBlock(Block block, String scope, Flow in, List<GraphNode> nodes) {
        if (!block.getChildren().isEmpty()) {
            Flow flow = in;
            for (Pair<String, Block> child : block.getChildren()) {
                flow = addBlock(child.getValue(), scope + "/" + child.getKey(), flow, nodes);
            }
            return flow;
        }
        List<String> inputs = new ArrayList<>(List.of(in.node()));
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            String name = scope + "/" + parameter.getKey();
            Shape shape = parameter.getValue().getArray().getShape();
            nodes.add(new GraphNode(name, "Parameter", List.of(), dims(shape), Map.of("shape", shape.toString())));
            inputs.add(name);
        }
        Shape[] out = block.getOutputShapes(in.shapes());
        nodes.add(new GraphNode(scope, opName(block), inputs, dims(out[0]), Map.of()));
        return new Flow(scope, out);
    }

    private static void collectParameters(Block block, String scope, Map<String, Parameter> parameters) {
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            parameters.put(scope + "/" + parameter.getKey(), parameter.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collectParameters(child.getValue(), scope + "/" + child.getKey(), parameters);
        }
    }

    private static String opName(Block block) {
        return block instanceof LambdaBlock lambda ? lambda.getName() : block.getClass().getSimpleName();
    }

    private static List<Long> dims(Shape shape) {
        List<Long> dims = new ArrayList<>(shape.dimension());
        for (long dim : shape.getShape()) {
            dims.add(dim);
        }
        return dims;
    }
}
