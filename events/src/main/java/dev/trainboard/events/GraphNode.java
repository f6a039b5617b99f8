package dev.trainboard.events;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;

/**
 * One node of a model graph, in no framework's vocabulary.
 *
 * @param name unique name; {@code /} separates scopes, e.g. {@code SequentialBlock/01Linear/weight}
 * @param op what the node does, e.g. {@code Linear}, {@code ReLU}, {@code Parameter}, {@code Input}
 * @param inputs names of the nodes feeding this one
 * @param outputShape shape of the node's output, -1 for an unknown dimension; empty when not known
 * @param attributes free-form details shown in the node's info card
 */
public record GraphNode(
        @NotBlank String name, @NotBlank String op, List<String> inputs, List<Long> outputShape,
        Map<String, String> attributes) {
}
