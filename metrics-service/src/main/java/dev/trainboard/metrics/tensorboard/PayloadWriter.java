package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.proto.HParamsStatus;
import dev.trainboard.tfevents.summary.GraphNode;
import dev.trainboard.tfevents.summary.Graphs;
import dev.trainboard.tfevents.summary.Histogram;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.Png;
import dev.trainboard.tfevents.summary.PrCurve;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;

/**
 * Turns event payloads into TensorBoard summaries: the one translation between TrainBoard's neutral events
 * and the event-file format, used by live writing and by a rebuild alike.
 */
public final class PayloadWriter {

    private PayloadWriter() {
    }

    /**
     * Writes one payload. {@code emittedAt} stamps the summaries that carry no wall time of their own
     * (graph, hparams); {@code lastStep} is the step hparams metrics are logged at.
     */
    public static void write(SummaryWriter writer, EventPayload payload, Instant emittedAt, long lastStep) {
        double emittedWallTime = emittedAt.toEpochMilli() / 1000.0;
        if (payload instanceof ScalarsLogged scalars) {
            for (ScalarPoint point : scalars.points()) {
                writer.addScalar(point.tag(), point.value(), point.step(), point.wallTime());
            }
        } else if (payload instanceof ImageLogged image) {
            writer.addImage(image.tag(), image.png(), image.step(), image.wallTime());
        } else if (payload instanceof GraphLogged graph) {
            writer.addGraph(graphNodes(graph), emittedWallTime);
        } else if (payload instanceof HistogramLogged h) {
            writer.addHistogram(h.tag(), new Histogram(h.min(), h.max(), h.num(), h.sum(), h.sumSquares(),
                    doubles(h.bucketLimits()), doubles(h.bucketCounts())), h.step(), h.wallTime());
        } else if (payload instanceof PrCurveLogged c) {
            writer.addPrCurve(c.tag(), new PrCurve(floats(c.truePositives()), floats(c.falsePositives()),
                    floats(c.trueNegatives()), floats(c.falseNegatives()), floats(c.precision()),
                    floats(c.recall())), c.step(), c.wallTime());
        } else if (payload instanceof TextLogged text) {
            writer.addText(text.tag(), text.markdown(), text.step(), text.wallTime());
        } else if (payload instanceof HParamsLogged h) {
            // The contract has the trainer log each metric as a scalar itself; only the table's summaries go here.
            // Metric names sorted: a rebuild reads them back from jsonb, which keeps no key order.
            writer.addHparamsSession(h.hparams(), new TreeSet<>(h.metrics().keySet()), status(h.status()), lastStep,
                    emittedWallTime);
        } else if (payload instanceof EmbeddingLogged e) {
            writer.addEmbedding(e.tag(), vectors(e), e.labels(), sprites(e), e.step());
        }
    }

    /** The step a payload starts at, for the restart marker of a new attempt's file. */
    public static OptionalLong firstStep(EventPayload payload) {
        if (payload instanceof ScalarsLogged scalars) {
            return scalars.points().stream().mapToLong(ScalarPoint::step).min();
        }
        return lastStep(payload);
    }

    /** The highest step a payload carries, if it carries one. */
    public static OptionalLong lastStep(EventPayload payload) {
        LongStream steps;
        if (payload instanceof ScalarsLogged scalars) {
            steps = scalars.points().stream().mapToLong(ScalarPoint::step);
        } else if (payload instanceof ImageLogged image) {
            steps = LongStream.of(image.step());
        } else if (payload instanceof HistogramLogged h) {
            steps = LongStream.of(h.step());
        } else if (payload instanceof PrCurveLogged c) {
            steps = LongStream.of(c.step());
        } else if (payload instanceof TextLogged t) {
            steps = LongStream.of(t.step());
        } else if (payload instanceof EmbeddingLogged e) {
            steps = LongStream.of(e.step());
        } else {
            steps = LongStream.empty();
        }
        return steps.max();
    }

    /**
     * Throws {@link IllegalArgumentException} when a payload passed the contract's checks but could not be
     * written as a summary (not a PNG, a graph edge to nowhere, an hparam that is neither number, string nor
     * boolean), so that such an event is rejected before anything is stored.
     */
    public static void check(EventPayload payload) {
        if (payload instanceof ImageLogged image) {
            Png.header(image.png());
        } else if (payload instanceof GraphLogged graph) {
            Graphs.graphDef(graphNodes(graph));
        } else if (payload instanceof HParamsLogged h) {
            status(h.status());
            h.hparams().forEach((name, value) -> {
                if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
                    throw new IllegalArgumentException("hparam " + name + " must be a number, string or boolean");
                }
            });
        } else if (payload instanceof EmbeddingLogged e && e.sprite() != null) {
            sprites(e);
        }
    }

    private static List<GraphNode> graphNodes(GraphLogged graph) {
        return graph.nodes().stream().map(n -> new GraphNode(n.name(), n.op(),
                n.inputs() == null ? List.of() : n.inputs(),
                n.outputShape() == null ? List.of() : n.outputShape(),
                n.attributes() == null ? Map.of() : n.attributes())).toList();
    }

    private static HParamsStatus status(String status) {
        return switch (status) {
            case "SUCCESS" -> HParamsStatus.STATUS_SUCCESS;
            case "FAILURE" -> HParamsStatus.STATUS_FAILURE;
            case "RUNNING" -> HParamsStatus.STATUS_RUNNING;
            default -> throw new IllegalArgumentException("hparams status must be SUCCESS, FAILURE or RUNNING: "
                    + status);
        };
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static float[] floats(List<Double> values) {
        float[] result = new float[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i).floatValue();
        }
        return result;
    }

    private static float[][] vectors(EmbeddingLogged embedding) {
        float[][] result = new float[embedding.vectors().size()][];
        for (int i = 0; i < result.length; i++) {
            List<Float> vector = embedding.vectors().get(i);
            result[i] = new float[vector.size()];
            for (int j = 0; j < vector.size(); j++) {
                result[i][j] = vector.get(j);
            }
        }
        return result;
    }

    /** Cuts the event's sprite sheet back into thumbnails; the library lays them out again. */
    private static List<Pixels> sprites(EmbeddingLogged embedding) {
        if (embedding.sprite() == null) {
            return null;
        }
        BufferedImage sheet;
        try {
            sheet = ImageIO.read(new ByteArrayInputStream(embedding.sprite()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int cell = embedding.spriteCellSize();
        if (sheet == null || cell < 1 || sheet.getWidth() < cell) {
            throw new IllegalArgumentException("sprite is not a PNG with cells of " + cell + " pixels");
        }
        int perRow = sheet.getWidth() / cell;
        int count = embedding.vectors().size();
        if ((count + perRow - 1) / perRow * cell > sheet.getHeight()) {
            throw new IllegalArgumentException("sprite has fewer than " + count + " cells of " + cell + " pixels");
        }
        List<Pixels> thumbnails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int x0 = (i % perRow) * cell;
            int y0 = (i / perRow) * cell;
            byte[] rgb = new byte[cell * cell * 3];
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    int pixel = sheet.getRGB(x0 + x, y0 + y);
                    int at = (y * cell + x) * 3;
                    rgb[at] = (byte) (pixel >> 16);
                    rgb[at + 1] = (byte) (pixel >> 8);
                    rgb[at + 2] = (byte) pixel;
                }
            }
            thumbnails.add(Pixels.ofHwc(cell, cell, 3, rgb));
        }
        return thumbnails;
    }
}
