package dev.trainboard.metrics.ingest;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records that admission must refuse whatever state their job is in: each breaks at least one rule that does not
 * depend on timing (a record that is merely early or late could be legitimate). Every payload type appears in
 * every family that applies to it; {@link #limits()} are the bounds the service under test runs with.
 */
final class HostileEvents {

    private static final double WALL = 1.77e9;
    private static final byte[] PNG = JobStream.png(4, 2, 3);
    private static final List<String> BAD_TAGS = List.of("..", ".", "../../etc/passwd", "/abs", "a//b", "trail/",
            "back\\slash", "new\nline", "nul\0tag", "bell\u0007", "x".repeat(200), "_hparams_/experiment",
            "lone \uD800 surrogate", "");

    private final Random random;
    private final UUID running;
    private final UUID finished;
    private final List<Function<UUID, Object>> families = List.of(
            this::unparsable, this::badTag, this::beyondRange, this::wrongAttempt, this::nonFinite, this::oversized,
            this::brokenContract);

    /** A record: its key and value (an envelope, or raw bytes). */
    record Hostile(String key, Object value) {
    }

    HostileEvents(long seed, UUID running, UUID finished) {
        this.random = new Random(seed);
        this.running = running;
        this.finished = finished;
    }

    /** The bounds to run the service with: small, so that oversized records stay small. */
    static Map<String, String> limits() {
        return Map.of("trainboard.ingest.max-list-length", "1000", "trainboard.ingest.max-text-length", "5000",
                "trainboard.ingest.max-name-length", "200", "trainboard.ingest.max-embedding-values", "20000",
                "trainboard.ingest.max-image-side", "512", "trainboard.ingest.max-image-bytes", "100000");
    }

    /**
     * The next hostile record. {@code claimed} are tags of the running job whose first real event was sent
     * already, so that an event using one of them for another plugin is refused.
     */
    Hostile next(Map<String, PluginKind> claimed) {
        int pick = random.nextInt(families.size() + 3);
        if (pick == families.size()) {
            return afterTheEnd();
        }
        if (pick == families.size() + 1) {
            return unknownJob();
        }
        if (pick == families.size() + 2 && !claimed.isEmpty()) {
            return kindConflict(claimed);
        }
        UUID job = random.nextBoolean() ? running : finished;
        Object value = families.get(random.nextInt(families.size())).apply(job);
        return new Hostile(job.toString(), value);
    }

    /** An otherwise valid record of the finished job: refused because it comes after the end. */
    private Hostile afterTheEnd() {
        EventPayload payload = switch (random.nextInt(5)) {
            case 0 -> new ScalarsLogged(List.of(new ScalarPoint("training loss", 5, WALL, 0.0)));
            case 1 -> new ScalarsLogged(List.of(new ScalarPoint("test accuracy", JobStream.LAST_STEP, WALL, 1.0)));
            case 2 -> JobStatusChanged.running("cpu", "late");
            case 3 -> new TextLogged("late", 1, WALL, "after the end");
            default -> new PrCurveLogged("0", JobStream.LAST_STEP, WALL, 2, List.of(1.0, 0.0), List.of(1.0, 0.0),
                    List.of(0.0, 1.0), List.of(0.0, 1.0), List.of(0.5, 0.0), List.of(1.0, 0.0));
        };
        return envelope(finished, random.nextInt(3) == 0 ? 2 : 1, payload);
    }

    private Hostile unknownJob() {
        UUID stranger = UUID.randomUUID();
        return envelope(stranger, 1, random.nextBoolean() ? JobStatusChanged.running("cpu", "x")
                : new ScalarsLogged(List.of(new ScalarPoint("loss", 1, WALL, 1))));
    }

    private Hostile kindConflict(Map<String, PluginKind> claimed) {
        List<String> tags = new ArrayList<>(claimed.keySet());
        Collections.sort(tags);
        String tag = tags.get(random.nextInt(tags.size()));
        PluginKind kind = claimed.get(tag);
        EventPayload payload;
        if (kind == PluginKind.SCALARS) {
            payload = new ImageLogged(tag, 1, WALL, 4, 2, 3, PNG);
        } else if (kind != PluginKind.TEXT && random.nextBoolean()) {
            payload = new HParamsLogged(Map.of("lr", 0.1), Map.of(tag, 1.0), "SUCCESS");
        } else {
            // A text tag is claimed as written into the file ("job spec/text_summary"): a scalar of that name clashes.
            payload = new ScalarsLogged(List.of(new ScalarPoint(tag, 1, WALL, 1)));
        }
        return envelope(running, 1, payload);
    }

    private Object unparsable(UUID job) {
        String json = EventJson.mapper().writeValueAsString(EventEnvelope.of(job, 1,
                new ScalarsLogged(List.of(new ScalarPoint("loss", 1, WALL, 1)))));
        return switch (random.nextInt(8)) {
            case 0 -> json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> randomBytes();
            case 2 -> "null".getBytes(StandardCharsets.UTF_8);
            case 3 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8);
            case 4 -> json.replace("ScalarsLogged", "RootKit").getBytes(StandardCharsets.UTF_8);
            case 5 -> json.replace("\"payload\":{", "\"evil\":1,\"payload\":{").getBytes(StandardCharsets.UTF_8);
            case 6 -> json.replace("\"step\":1", "\"step\":\"one\"").getBytes(StandardCharsets.UTF_8);
            default -> json.replace("\"attempt\":1", "\"attempt\":1e99").getBytes(StandardCharsets.UTF_8);
        };
    }

    private Object badTag(UUID job) {
        String tag = BAD_TAGS.get(random.nextInt(BAD_TAGS.size()));
        EventPayload payload = switch (random.nextInt(7)) {
            case 0 -> new ScalarsLogged(List.of(new ScalarPoint("fine", 1, WALL, 1), new ScalarPoint(tag, 1, WALL, 1)));
            case 1 -> new ImageLogged(tag, 1, WALL, 4, 2, 3, PNG);
            case 2 -> new HistogramLogged(tag, 1, WALL, 0, 1, 1, 1, 1, List.of(1.0), List.of(1.0));
            case 3 -> new PrCurveLogged(tag, 1, WALL, 2, List.of(1.0, 0.0), List.of(1.0, 0.0), List.of(0.0, 1.0),
                    List.of(0.0, 1.0), List.of(0.5, 0.0), List.of(1.0, 0.0));
            case 4 -> new TextLogged(tag, 1, WALL, "x");
            case 5 -> new EmbeddingLogged(tag, 1, List.of(List.of(1f)), List.of("a"), null, 0);
            default -> new HParamsLogged(Map.of("lr", 0.1), Map.of(tag, 1.0), "SUCCESS");
        };
        return envelopeValue(job, 1, payload);
    }

    private Object beyondRange(UUID job) {
        long step = JobStream.LAST_STEP + 1 + (random.nextBoolean() ? random.nextInt(10) : Long.MAX_VALUE / 2);
        EventPayload payload = switch (random.nextInt(7)) {
            case 0 -> new ScalarsLogged(List.of(new ScalarPoint("training loss", step, WALL, 1)));
            case 1 -> new ImageLogged("mnist_images", step, WALL, 4, 2, 3, PNG);
            case 2 -> new HistogramLogged("Net/fc1/weight", step, WALL, 0, 1, 1, 1, 1, List.of(1.0), List.of(1.0));
            case 3 -> new PrCurveLogged("0", step, WALL, 2, List.of(1.0, 0.0), List.of(1.0, 0.0), List.of(0.0, 1.0),
                    List.of(0.0, 1.0), List.of(0.5, 0.0), List.of(1.0, 0.0));
            case 4 -> new TextLogged("job spec", step, WALL, "x");
            case 5 -> new EmbeddingLogged("mnist_test_8", random.nextBoolean() ? step : 100_000, List.of(List.of(1f)),
                    List.of("a"), null, 0);
            default -> new ProgressReported(1, 2, step, step, 1, 1, 1.0);
        };
        return envelopeValue(job, 1, payload);
    }

    /** Never a valid move: metrics of another attempt, statuses beyond the attempt limit, QUEUED from a trainer. */
    private Object wrongAttempt(UUID job) {
        return switch (random.nextInt(5)) {
            case 0 -> envelopeValue(job, 2 + random.nextInt(50), new ScalarsLogged(List.of(
                    new ScalarPoint("training loss", 1, WALL, 9))));
            case 1 -> envelopeValue(job, 101 + random.nextInt(Integer.MAX_VALUE - 101),
                    JobStatusChanged.running("cpu", "usurper"));
            case 2 -> envelopeValue(job, Integer.MAX_VALUE, JobStatusChanged.succeeded(Map.of("test accuracy", 1.0)));
            case 3 -> envelopeValue(job, 1, new JobStatusChanged(JobStatus.QUEUED, null, null, null, null, null));
            default -> envelopeValue(job, 3, new ProgressReported(0, 2, 1, JobStream.LAST_STEP, 1, 1, null));
        };
    }

    private Object nonFinite(UUID job) {
        double bad = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).get(random.nextInt(3));
        Object value = switch (random.nextInt(7)) {
            case 0 -> new ScalarsLogged(List.of(new ScalarPoint("training loss", 1, bad, 1)));
            case 1 -> new HistogramLogged("Net/fc1/weight", 1, WALL, bad, 1, 1, 1, 1, List.of(1.0), List.of(1.0));
            case 2 -> new HistogramLogged("Net/fc1/weight", 1, WALL, 0, 1, 1, 1, 1, List.of(bad), List.of(1.0));
            case 3 -> new PrCurveLogged("0", 1, WALL, 2, List.of(1.0, bad), List.of(1.0, 0.0), List.of(0.0, 1.0),
                    List.of(0.0, 1.0), List.of(0.5, 0.0), List.of(1.0, 0.0));
            case 4 -> new EmbeddingLogged("mnist_test_8", 1, List.of(List.of((float) bad)), List.of("a"), null, 0);
            // JSON writes NaN as the string "NaN", a valid string hparam: an overflowing number reads as infinity.
            case 5 -> {
                String json = EventJson.mapper().writeValueAsString(envelopeValue(job, 1,
                        new HParamsLogged(Map.of("lr", 12345.678), Map.of(), "SUCCESS")));
                yield json.replace("12345.678", "1e400").getBytes(StandardCharsets.UTF_8);
            }
            default -> new ImageLogged("mnist_images", 1, bad, 4, 2, 3, PNG);
        };
        return value instanceof EventPayload payload ? envelopeValue(job, 1, payload) : value;
    }

    private Object oversized(UUID job) {
        EventPayload payload = switch (random.nextInt(7)) {
            case 0 -> new TextLogged("job spec", 1, WALL, "x".repeat(5001));
            case 1 -> {
                List<ScalarPoint> points = new ArrayList<>();
                for (int i = 0; i < 1001; i++) {
                    points.add(new ScalarPoint("training loss", 1, WALL, i));
                }
                yield new ScalarsLogged(points);
            }
            case 2 -> new ImageLogged("mnist_images", 1, WALL, 4, 2, 3, claiming(PNG, 100_000));
            case 3 -> new EmbeddingLogged("mnist_test_8", 1, List.of(List.of(1f)), List.of("a"),
                    claiming(PNG, 1_000_000), 2);
            case 4 -> {
                List<List<Float>> vectors = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    vectors.add(Collections.nCopies(101, 0.5f));
                    labels.add("l");
                }
                yield new EmbeddingLogged("mnist_test_8", 1, vectors, labels, null, 0);
            }
            case 5 -> new GraphLogged(List.of(new GraphNode("n".repeat(201), "Input", List.of(), List.of(), Map.of())));
            default -> JobStatusChanged.failed("e".repeat(5001));
        };
        return envelopeValue(job, 1, payload);
    }

    private Object brokenContract(UUID job) {
        return switch (random.nextInt(14)) {
            case 0 -> new EventEnvelope(2, job, 1, Instant.now(), new TextLogged("job spec", 1, WALL, "v2"));
            case 1 -> new EventEnvelope(1, job, 1, Instant.parse("+10000-01-01T00:00:00Z"),
                    new TextLogged("job spec", 1, WALL, "far future"));
            case 2 -> envelopeValue(job, 1, new JobSubmitted(JobStream.spec("smuggled")));
            case 3 -> envelopeValue(job, 1, new CancelRequested("x".repeat(100)));
            case 4 -> envelopeValue(job, 1, new GraphLogged(List.of(new GraphNode("a\0b", "Input", List.of(), null, null))));
            case 5 -> envelopeValue(job, 1, new HParamsLogged(Map.of("l\0r", 0.1), Map.of(), "SUCCESS"));
            case 6 -> envelopeValue(job, 1, new EmbeddingLogged("mnist_test_8", 1, List.of(List.of(1f)),
                    List.of("nul\0label"), null, 0));
            case 7 -> envelopeValue(job, 1, JobStatusChanged.running("cpu", "host\0"));
            // A lone surrogate cannot be written as UTF-8, only as a JSON escape: raw bytes.
            case 8 -> EventJson.mapper().writeValueAsString(envelopeValue(job, 1, new TextLogged("job spec", 1, WALL,
                    "lone LONE"))).replace("LONE", "\\udc00").getBytes(StandardCharsets.UTF_8);
            case 9 -> envelopeValue(job, 1, new ImageLogged("mnist_images", 1, WALL, 1, 1, 3, new byte[] {1, 2, 3}));
            case 10 -> envelopeValue(job, 1, new GraphLogged(List.of(new GraphNode("a", "Linear", List.of("ghost"),
                    null, null))));
            case 11 -> envelopeValue(job, 1, new HParamsLogged(Map.of("lr", 0.1), Map.of(), "MAYBE"));
            case 12 -> envelopeValue(job, 1, new EmbeddingLogged("mnist_test_8", 1, List.of(List.of(1f),
                    List.of(1f, 2f)), List.of("a", "b"), null, 0));
            default -> new KeyMismatch(EventEnvelope.of(job, 1, new TextLogged("job spec", 1, WALL, "x")));
        };
    }

    /** A PNG whose header claims {@code side} x {@code side} pixels: decoding it would exhaust memory. */
    private static byte[] claiming(byte[] png, int side) {
        byte[] copy = png.clone();
        ByteBuffer.wrap(copy).putInt(16, side).putInt(20, side);
        return copy;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private Hostile envelope(UUID job, int attempt, EventPayload payload) {
        return new Hostile(job.toString(), envelopeValue(job, attempt, payload));
    }

    private static EventEnvelope envelopeValue(UUID job, int attempt, EventPayload payload) {
        return new EventEnvelope(EventEnvelope.SCHEMA_VERSION, job, attempt, Instant.now(), payload);
    }

    /** An envelope to send under a key that is not its job id. */
    record KeyMismatch(EventEnvelope envelope) {
    }
}
