package dev.trainboard.tfevents.cli;

import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.summary.GraphNode;
import dev.trainboard.tfevents.summary.Pixels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes one run that uses every summary kind, from synthetic data: what a TensorBoard user should see in
 * every tab (scalars, images, graph, histograms and distributions, PR curves, text, hparams, projector).
 */
final class DemoRun {

    private static final int DIGIT_SIZE = 28;
    private static final int STEPS = 10;

    private DemoRun() {
    }

    static Path write(Path logDir) throws IOException {
        Path runDir = logDir.resolve("demo");
        Random random = new Random(42);
        double start = System.currentTimeMillis() / 1000.0;
        try (SummaryWriter writer = SummaryWriter.builder(runDir).restartAt(0).startWallTime(start).open()) {
            List<Pixels> digits = syntheticDigits(64, random);
            writer.addImageGrid("digits", digits, 0, start);
            writer.addGraph(feedForwardGraph(), start);
            for (int step = 1; step <= STEPS; step++) {
                double wallTime = start + step;
                double loss = 2.0 / step;
                writer.addScalar("training loss", loss, step * 100L, wallTime);
                writer.addScalar("accuracy", 1 - loss / 4, step * 100L, wallTime);
                writer.addScalars("learning rate", Map.of("fc1", 0.01 / step, "fc2", 0.02 / step), step * 100L,
                        wallTime);
                writer.addHistogram("fc1/weight", gaussian(random, 2000, 1.0 / step), step * 100L, wallTime);
            }
            for (int digit = 0; digit < 10; digit++) {
                boolean[] labels = new boolean[500];
                double[] probabilities = new double[500];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = random.nextInt(10) == digit;
                    probabilities[i] = Math.min(1, Math.max(0, (labels[i] ? 0.7 : 0.2) + random.nextGaussian() * 0.2));
                }
                writer.addPrCurve(Integer.toString(digit), labels, probabilities, STEPS * 100L, start + STEPS);
            }
            writer.addText("notes", "A **demo** run written by `tfevents demo`.", 0, start);
            Map<String, Object> hparams = new LinkedHashMap<>();
            hparams.put("lr", 0.01);
            hparams.put("batch_size", 100);
            hparams.put("optimizer", "adam");
            writer.addHparams(hparams, Map.of("hparam/accuracy", 0.5, "hparam/loss", 0.2), STEPS * 100L,
                    start + STEPS);
            float[][] vectors = new float[digits.size()][];
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < digits.size(); i++) {
                vectors[i] = new float[] {(float) random.nextGaussian(), (float) random.nextGaussian(), i % 10};
                labels.add(Integer.toString(i % 10));
            }
            writer.addEmbedding("digits", vectors, labels, digits, 0);
        }
        return runDir;
    }

    /** Bright squares at places that vary with the index, on black, so each tile is recognisable. */
    private static List<Pixels> syntheticDigits(int count, Random random) {
        List<Pixels> digits = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            byte[] grey = new byte[DIGIT_SIZE * DIGIT_SIZE];
            int top = 4 + k % 8 * 2;
            int left = 4 + k / 8 * 2;
            for (int y = top; y < top + 8; y++) {
                for (int x = left; x < left + 8; x++) {
                    grey[y * DIGIT_SIZE + x] = (byte) (128 + random.nextInt(128));
                }
            }
            digits.add(Pixels.ofHwc(DIGIT_SIZE, DIGIT_SIZE, 1, grey));
        }
        return digits;
    }

    /** The tutorial's network, 784 -> 500 ReLU -> 10, named the way PyTorch's tracer names it. */
    static List<GraphNode> feedForwardGraph() {
        return List.of(
                new GraphNode("input/x", "IO Node", List.of(), List.of(64L, 784L), Map.of()),
                new GraphNode("Net/Linear[fc1]/weight/weight", "prim::GetAttr", List.of(), List.of(500L, 784L),
                        Map.of()),
                new GraphNode("Net/Linear[fc1]/bias/bias", "prim::GetAttr", List.of(), List.of(500L), Map.of()),
                new GraphNode("Net/Linear[fc1]/input.1", "aten::linear",
                        List.of("input/x", "Net/Linear[fc1]/weight/weight", "Net/Linear[fc1]/bias/bias"),
                        List.of(64L, 500L), Map.of("attr", "{}")),
                new GraphNode("Net/ReLU[relu]/input", "aten::relu", List.of("Net/Linear[fc1]/input.1"),
                        List.of(64L, 500L), Map.of("attr", "{}")),
                new GraphNode("Net/Linear[fc2]/weight/weight", "prim::GetAttr", List.of(), List.of(10L, 500L),
                        Map.of()),
                new GraphNode("Net/Linear[fc2]/bias/bias", "prim::GetAttr", List.of(), List.of(10L), Map.of()),
                new GraphNode("Net/Linear[fc2]/output", "aten::linear",
                        List.of("Net/ReLU[relu]/input", "Net/Linear[fc2]/weight/weight", "Net/Linear[fc2]/bias/bias"),
                        List.of(64L, 10L), Map.of("attr", "{}")),
                new GraphNode("output/output.1", "IO Node", List.of("Net/Linear[fc2]/output"), List.of(64L, 10L),
                        Map.of()));
    }

    private static double[] gaussian(Random random, int n, double sigma) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() * sigma;
        }
        return values;
    }
}
