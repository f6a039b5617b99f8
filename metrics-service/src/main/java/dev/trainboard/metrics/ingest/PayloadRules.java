package dev.trainboard.metrics.ingest;

import static dev.trainboard.metrics.ingest.Checks.finite;
import static dev.trainboard.metrics.ingest.Checks.length;
import static dev.trainboard.metrics.ingest.Checks.noNulls;
import static dev.trainboard.metrics.ingest.Checks.sameLength;
import static dev.trainboard.metrics.ingest.Checks.text;
import static dev.trainboard.metrics.ingest.Checks.texts;
import static dev.trainboard.metrics.ingest.Checks.wallTime;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.tfevents.summary.Png;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One {@link PayloadRule} per payload type of {@code trainboard.events}; a new payload type gets its rule here.
 * Metric values (scalar values, final metrics, hparams metrics, progress) may be NaN or infinite, as a diverged
 * loss is, and TensorBoard shows them so; every other number must be finite.
 */
final class PayloadRules {

    /** The projector's directories hold five-digit steps (PyTorch's layout). */
    static final long MAX_EMBEDDING_STEP = 99_999;

    private static final Map<Class<? extends EventPayload>, PayloadRule<?>> RULES = Map.ofEntries(
            Map.entry(JobStatusChanged.class, (PayloadRule<JobStatusChanged>) PayloadRules::checkStatus),
            Map.entry(ProgressReported.class, (PayloadRule<ProgressReported>) (p, limits) -> { }),
            Map.entry(ScalarsLogged.class, new Scalars()),
            Map.entry(ImageLogged.class, new Images()),
            Map.entry(GraphLogged.class, (PayloadRule<GraphLogged>) PayloadRules::checkGraph),
            Map.entry(HistogramLogged.class, new Histograms()),
            Map.entry(PrCurveLogged.class, new PrCurves()),
            Map.entry(TextLogged.class, new Texts()),
            Map.entry(HParamsLogged.class, new HParams()),
            Map.entry(EmbeddingLogged.class, new Embeddings()),
            // Its path is checked against its job by EventValidator; it writes no tag.
            Map.entry(CheckpointSaved.class, (PayloadRule<CheckpointSaved>) (p, limits) -> { }));

    private PayloadRules() {
    }

    static void check(EventPayload payload, IngestProperties limits) {
        rule(payload).check(payload, limits);
    }

    static void tags(EventPayload payload, BiConsumer<String, PluginKind> use) {
        rule(payload).tags(payload, use);
    }

    @SuppressWarnings("unchecked")
    private static PayloadRule<EventPayload> rule(EventPayload payload) {
        PayloadRule<?> rule = RULES.get(payload.getClass());
        if (rule == null) {
            throw new InvalidEventException(payload.getClass().getSimpleName() + " does not belong on this topic");
        }
        return (PayloadRule<EventPayload>) rule;
    }

    private static void checkStatus(JobStatusChanged status, IngestProperties limits) {
        text("payload.device", status.device(), limits.maxNameLength());
        text("payload.host", status.host(), limits.maxNameLength());
        text("payload.error", status.error(), limits.maxTextLength());
        if (status.finalMetrics() != null) {
            metrics("payload.finalMetrics", status.finalMetrics(), limits);
        }
    }

    private static void checkGraph(GraphLogged graph, IngestProperties limits) {
        length("payload.nodes", graph.nodes().size(), limits.maxListLength());
        for (GraphNode node : graph.nodes()) {
            text("payload.nodes.name", node.name(), limits.maxNameLength());
            text("payload.nodes.op", node.op(), limits.maxNameLength());
            if (node.inputs() != null) {
                length("payload.nodes.inputs", node.inputs().size(), limits.maxListLength());
                texts("payload.nodes.inputs", node.inputs(), limits.maxNameLength());
            }
            if (node.outputShape() != null) {
                length("payload.nodes.outputShape", node.outputShape().size(), limits.maxListLength());
                noNulls("payload.nodes.outputShape", node.outputShape());
            }
            if (node.attributes() != null) {
                length("payload.nodes.attributes", node.attributes().size(), limits.maxListLength());
                texts("payload.nodes.attributes", node.attributes().keySet(), limits.maxNameLength());
                texts("payload.nodes.attributes", node.attributes().values(), limits.maxNameLength());
            }
        }
    }

    /** Metric names are scalar tags (the hparams table reads them as scalar series); their values may be NaN. */
    private static void metrics(String field, Map<String, Double> metrics, IngestProperties limits) {
        length(field, metrics.size(), limits.maxListLength());
        metrics.forEach((tag, value) -> {
            TagNames.check(field, tag);
            if (value == null) {
                throw new InvalidEventException(field + "." + tag + " must not be null");
            }
        });
    }

    private static void png(String field, byte[] png, IngestProperties limits) {
        if (png.length > limits.maxImageBytes()) {
            throw new InvalidEventException(RejectReason.SIZE, field + " has " + png.length + " bytes, at most "
                    + limits.maxImageBytes() + " are allowed");
        }
        Png.Header header;
        try {
            header = Png.header(png);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field + " is " + e.getMessage());
        }
        if (header.width() < 1 || header.height() < 1 || header.width() > limits.maxImageSide()
                || header.height() > limits.maxImageSide()) {
            throw new InvalidEventException(RejectReason.SIZE, field + " is " + header.width() + "x" + header.height()
                    + " pixels, at most " + limits.maxImageSide() + " on a side are allowed");
        }
    }

    private static final class Scalars implements PayloadRule<ScalarsLogged> {

        @Override
        public void check(ScalarsLogged scalars, IngestProperties limits) {
            length("payload.points", scalars.points().size(), limits.maxListLength());
            for (ScalarPoint point : scalars.points()) {
                TagNames.check("payload.points.tag", point.tag());
                wallTime("payload.points.wallTime", point.wallTime());
            }
        }

        @Override
        public void tags(ScalarsLogged scalars, BiConsumer<String, PluginKind> use) {
            String previous = null;
            for (ScalarPoint point : scalars.points()) {
                // Points come grouped by step, a few tags each: skip the repeats cheaply.
                if (!point.tag().equals(previous)) {
                    use.accept(point.tag(), PluginKind.SCALARS);
                    previous = point.tag();
                }
            }
        }
    }

    private static final class Images implements PayloadRule<ImageLogged> {

        @Override
        public void check(ImageLogged image, IngestProperties limits) {
            TagNames.check("payload.tag", image.tag());
            wallTime("payload.wallTime", image.wallTime());
            png("payload.png", image.png(), limits);
        }

        @Override
        public void tags(ImageLogged image, BiConsumer<String, PluginKind> use) {
            use.accept(image.tag(), PluginKind.IMAGES);
        }
    }

    private static final class Histograms implements PayloadRule<HistogramLogged> {

        @Override
        public void check(HistogramLogged h, IngestProperties limits) {
            TagNames.check("payload.tag", h.tag());
            wallTime("payload.wallTime", h.wallTime());
            length("payload.bucketLimits", h.bucketLimits().size(), limits.maxListLength());
            sameLength("bucketCounts", h.bucketCounts(), h.bucketLimits().size());
            finite("payload.min", h.min());
            finite("payload.max", h.max());
            finite("payload.num", h.num());
            finite("payload.sum", h.sum());
            finite("payload.sumSquares", h.sumSquares());
            finite("payload.bucketLimits", h.bucketLimits());
            finite("payload.bucketCounts", h.bucketCounts());
            for (int i = 1; i < h.bucketLimits().size(); i++) {
                if (h.bucketLimits().get(i) < h.bucketLimits().get(i - 1)) {
                    throw new InvalidEventException("payload.bucketLimits must not decrease");
                }
            }
        }

        @Override
        public void tags(HistogramLogged h, BiConsumer<String, PluginKind> use) {
            use.accept(h.tag(), PluginKind.HISTOGRAMS);
        }
    }

    private static final class PrCurves implements PayloadRule<PrCurveLogged> {

        @Override
        public void check(PrCurveLogged c, IngestProperties limits) {
            TagNames.check("payload.tag", c.tag());
            wallTime("payload.wallTime", c.wallTime());
            length("payload.numThresholds", c.numThresholds(), limits.maxListLength());
            List<List<Double>> columns = List.of(c.truePositives(), c.falsePositives(), c.trueNegatives(),
                    c.falseNegatives(), c.precision(), c.recall());
            List<String> names = List.of("truePositives", "falsePositives", "trueNegatives", "falseNegatives",
                    "precision", "recall");
            for (int i = 0; i < columns.size(); i++) {
                sameLength(names.get(i), columns.get(i), c.numThresholds());
                finite("payload." + names.get(i), columns.get(i));
            }
        }

        @Override
        public void tags(PrCurveLogged c, BiConsumer<String, PluginKind> use) {
            use.accept(c.tag(), PluginKind.PR_CURVES);
        }
    }

    private static final class Texts implements PayloadRule<TextLogged> {

        /** The suffix the text plugin's summaries carry in event files (PyTorch's layout). */
        private static final String SUFFIX = "/text_summary";

        @Override
        public void check(TextLogged text, IngestProperties limits) {
            TagNames.check("payload.tag", text.tag());
            wallTime("payload.wallTime", text.wallTime());
            text("payload.markdown", text.markdown(), limits.maxTextLength());
        }

        @Override
        public void tags(TextLogged text, BiConsumer<String, PluginKind> use) {
            use.accept(text.tag() + SUFFIX, PluginKind.TEXT);
        }
    }

    private static final class HParams implements PayloadRule<HParamsLogged> {

        @Override
        public void check(HParamsLogged h, IngestProperties limits) {
            length("payload.hparams", h.hparams().size(), limits.maxListLength());
            h.hparams().forEach((name, value) -> {
                if (name.isEmpty()) {
                    throw new InvalidEventException("payload.hparams must not have an empty name");
                }
                text("payload.hparams", name, limits.maxNameLength());
                if (value instanceof String string) {
                    text("payload.hparams." + name, string, limits.maxNameLength());
                } else if (value instanceof Number number) {
                    finite("payload.hparams." + name, number.doubleValue());
                }
            });
            metrics("payload.metrics", h.metrics(), limits);
        }

        @Override
        public void tags(HParamsLogged h, BiConsumer<String, PluginKind> use) {
            h.metrics().keySet().forEach(tag -> use.accept(tag, PluginKind.SCALARS));
        }
    }

    private static final class Embeddings implements PayloadRule<EmbeddingLogged> {

        @Override
        public void check(EmbeddingLogged e, IngestProperties limits) {
            TagNames.check("payload.tag", e.tag());
            if (e.step() > MAX_EMBEDDING_STEP) {
                throw new InvalidEventException(RejectReason.STEP, "payload.step of an embedding must be at most "
                        + MAX_EMBEDDING_STEP + ", was " + e.step());
            }
            length("payload.vectors", e.vectors().size(), limits.maxListLength());
            noNulls("payload.vectors", e.vectors());
            int dimensions = e.vectors().get(0).size();
            if (dimensions == 0 || e.vectors().stream().anyMatch(v -> v.size() != dimensions)) {
                throw new InvalidEventException("vectors must all have the same, non-zero length");
            }
            if ((long) dimensions * e.vectors().size() > limits.maxEmbeddingValues()) {
                throw new InvalidEventException(RejectReason.SIZE, "payload.vectors hold " + e.vectors().size() + "x"
                        + dimensions + " values, at most " + limits.maxEmbeddingValues() + " are allowed");
            }
            e.vectors().forEach(vector -> finite("payload.vectors", vector));
            sameLength("labels", e.labels(), e.vectors().size());
            texts("payload.labels", e.labels(), limits.maxNameLength());
            if (e.sprite() != null) {
                // Checked before anything decodes it: a PNG header can promise billions of pixels.
                png("payload.sprite", e.sprite(), limits);
                if (e.spriteCellSize() < 1 || e.spriteCellSize() > limits.maxImageSide()) {
                    throw new InvalidEventException("payload.spriteCellSize must be between 1 and "
                            + limits.maxImageSide());
                }
            }
        }

        @Override
        public void tags(EmbeddingLogged e, BiConsumer<String, PluginKind> use) {
            use.accept(e.tag(), PluginKind.PROJECTOR);
        }
    }
}
