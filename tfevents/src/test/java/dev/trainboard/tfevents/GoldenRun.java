package dev.trainboard.tfevents;

import dev.trainboard.tfevents.summary.GraphNode;
import dev.trainboard.tfevents.summary.PrCurves;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run with one event of every kind and fixed times, written through the public API. Its records are
 * compared with golden files and parsed with TensorFlow's own classes.
 */
public final class GoldenRun {

    /** Kinds of the records, in the order the run holds them. */
    public static final List<String> KINDS = List.of("file_version", "session_log", "scalar", "image", "histogram",
            "pr_curve", "text", "graph", "hparams", "hparams_metrics");

    public static final double START = 1_700_000_000.0;

    private GoldenRun() {
    }

    /** Writes the run and returns its event file. */
    public static Path write(Path runDir) throws IOException {
        try (SummaryWriter writer = SummaryWriter.builder(runDir).restartAt(0).startWallTime(START).open()) {
            writer.addScalar("loss", 0.25, 1, START + 0.5);
            writer.addImage("image", tinyPng(), 2, START + 2);
            writer.addHistogram("weights", new double[] {0.5, 1.0, 1.5}, 3, START + 3);
            writer.addPrCurve("pr", PrCurves.compute(new boolean[] {true, false, true, true, false},
                    new double[] {0.9, 0.8, 0.3, 0.6, 0.1}, 5), 4, START + 4);
            writer.addText("notes", "**hello**", 5, START + 5);
            writer.addGraph(List.of(
                    new GraphNode("input/x", "IO Node", List.of(), List.of(2L, 3L), Map.of()),
                    new GraphNode("Net/Linear[fc]/out", "aten::linear", List.of("input/x"), List.of(2L, 1L),
                            Map.of("attr", "{}"))), START + 6);
            Map<String, Object> hparams = new LinkedHashMap<>();
            hparams.put("lr", 0.01);
            hparams.put("optimizer", "adam");
            writer.addHparams(hparams, Map.of("hparam/accuracy", 0.5), 7, START + 7);
            return writer.file();
        }
    }

    /** A 2x2 RGB PNG: red, green / blue, white. */
    public static byte[] tinyPng() throws IOException {
        try (InputStream in = GoldenRun.class.getResourceAsStream("/golden/tiny.png")) {
            return in.readAllBytes();
        }
    }
}
