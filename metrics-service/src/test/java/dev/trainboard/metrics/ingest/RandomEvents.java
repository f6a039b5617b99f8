package dev.trainboard.metrics.ingest;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.Png;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random but valid payloads of every type, for one run: tags are drawn from awkward but legal names and keep one
 * plugin per run, steps stay within {@code lastStep}, scalar values include NaN and infinities.
 */
final class RandomEvents {

    private static final String[] TAG_PARTS = {"loss", "accuracy", "Ünïcödé ✓", "a.b", "with space", "%41", "x-y_z",
        "日本語", "😀", "..a", "_hparams_", "fc1"};
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Double.MAX_VALUE, Double.MIN_VALUE, 1e-300};

    private final Random random;
    private final long lastStep;
    private final Map<String, PluginKind> kinds = new HashMap<>();

    RandomEvents(long seed, long lastStep) {
        this.random = new Random(seed);
        this.lastStep = lastStep;
    }

    EventPayload next() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> scalars();
            case 3 -> new ImageLogged(tag(PluginKind.IMAGES), step(), wallTime(), 3, 2, 3, png(3, 2));
            case 4 -> histogram();
            case 5 -> prCurve();
            case 6 -> new TextLogged(tag(PluginKind.TEXT), step(), wallTime(), text(random.nextInt(200)));
            case 7 -> embedding();
            case 8 -> new ProgressReported(0, 1, step(), lastStep, random.nextDouble() * 1e4, special(),
                    random.nextBoolean() ? null : special());
            default -> graph();
        };
    }

    /**
     * A step-0 scalar, the first metric of an attempt as a trainer sends it: live writing puts the restart marker
     * at the first event's step, a rebuild at the attempt's lowest one.
     */
    ScalarsLogged start() {
        return new ScalarsLogged(List.of(new ScalarPoint(tag(PluginKind.SCALARS), 0, wallTime(), special())));
    }

    HParamsLogged hparams() {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("lr", random.nextDouble());
        hparams.put("optimizer", text(8));
        hparams.put("shuffle", random.nextBoolean());
        hparams.put("epochs", random.nextInt(100));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(tag(PluginKind.SCALARS), special());
        return new HParamsLogged(hparams, metrics, random.nextBoolean() ? "SUCCESS" : "FAILURE");
    }

    Map<String, Double> finalMetrics() {
        return Map.of("test accuracy", random.nextDouble(), "test loss", special());
    }

    private ScalarsLogged scalars() {
        List<ScalarPoint> points = new ArrayList<>();
        int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            points.add(new ScalarPoint(tag(PluginKind.SCALARS), step(), wallTime(), special()));
        }
        return new ScalarsLogged(points);
    }

    private HistogramLogged histogram() {
        int buckets = 1 + random.nextInt(30);
        List<Double> limits = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        double limit = -random.nextDouble() * 10;
        for (int i = 0; i < buckets; i++) {
            limit += random.nextDouble();
            limits.add(limit);
            counts.add((double) random.nextInt(100));
        }
        return new HistogramLogged(tag(PluginKind.HISTOGRAMS), step(), wallTime(), limits.get(0), limit,
                counts.stream().mapToDouble(Double::doubleValue).sum(), random.nextGaussian(), random.nextDouble(),
                limits, counts);
    }

    private PrCurveLogged prCurve() {
        int n = 2 + random.nextInt(20);
        return new PrCurveLogged(tag(PluginKind.PR_CURVES), step(), wallTime(), n, doubles(n), doubles(n),
                doubles(n), doubles(n), doubles(n), doubles(n));
    }

    private EmbeddingLogged embedding() {
        int points = 1 + random.nextInt(10);
        int dimensions = 1 + random.nextInt(5);
        List<List<Float>> vectors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            List<Float> vector = new ArrayList<>();
            for (int d = 0; d < dimensions; d++) {
                vector.add((float) random.nextGaussian());
            }
            vectors.add(vector);
            labels.add(text(1 + random.nextInt(5)));
        }
        boolean sprite = random.nextBoolean();
        return new EmbeddingLogged(tag(PluginKind.PROJECTOR), Math.min(step(), PayloadRules.MAX_EMBEDDING_STEP),
                vectors, labels, sprite ? png(2 * 4, 2 * ((points + 3) / 4)) : null, sprite ? 2 : 0);
    }

    private GraphLogged graph() {
        List<GraphNode> nodes = new ArrayList<>();
        nodes.add(new GraphNode("input", "Input", List.of(), List.of(-1L, 784L), Map.of()));
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            nodes.add(new GraphNode("Net/" + text(3).replace('/', '_') + i, "Linear",
                    List.of(nodes.get(i).name()), List.of(-1L, 10L), Map.of("note", text(10))));
        }
        return new GraphLogged(nodes);
    }

    /** A tag for {@code kind}: a known one of that kind, or a new random one nobody uses yet. */
    private String tag(PluginKind kind) {
        List<String> known = kinds.entrySet().stream().filter(e -> e.getValue() == kind).map(Map.Entry::getKey)
                .filter(tag -> kind != PluginKind.TEXT || tag.endsWith("/text_summary"))
                .map(tag -> kind == PluginKind.TEXT ? tag.substring(0, tag.length() - "/text_summary".length()) : tag)
                .toList();
        if (!known.isEmpty() && random.nextInt(3) > 0) {
            return known.get(random.nextInt(known.size()));
        }
        while (true) {
            int parts = 1 + random.nextInt(3);
            StringBuilder tag = new StringBuilder();
            for (int i = 0; i < parts; i++) {
                tag.append(i == 0 ? "" : "/").append(TAG_PARTS[random.nextInt(TAG_PARTS.length)]);
            }
            String written = kind == PluginKind.TEXT ? tag + "/text_summary" : tag.toString();
            if (!tag.toString().startsWith(TagNames.RESERVED_PREFIX) && !kinds.containsKey(written)
                    && !kinds.containsKey(tag.toString())) {
                kinds.put(written, kind);
                return tag.toString();
            }
        }
    }

    private long step() {
        return random.nextInt(4) == 0 ? lastStep : (long) (random.nextDouble() * lastStep);
    }

    private double wallTime() {
        return 1.7e9 + random.nextDouble() * 1e8;
    }

    private double special() {
        return random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian();
    }

    private List<Double> doubles(int n) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(random.nextDouble());
        }
        return values;
    }

    private String text(int length) {
        String alphabet = "abc XYZ 019 *_#|`\t\n\"'\\<>&é✓日😀";
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                text.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }

    private byte[] png(int width, int height) {
        byte[] samples = new byte[width * height * 3];
        random.nextBytes(samples);
        return Png.encode(Pixels.ofHwc(height, width, 3, samples));
    }
}
