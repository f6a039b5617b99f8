package dev.trainboard.tfevents;

import dev.trainboard.tfevents.file.EventFile;
import dev.trainboard.tfevents.file.EventFileName;
import dev.trainboard.tfevents.projector.Embeddings;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.HParamsStatus;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.summary.GraphNode;
import dev.trainboard.tfevents.summary.Graphs;
import dev.trainboard.tfevents.summary.HParams;
import dev.trainboard.tfevents.summary.Histogram;
import dev.trainboard.tfevents.summary.Histograms;
import dev.trainboard.tfevents.summary.ImageGrid;
import dev.trainboard.tfevents.summary.Images;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.PrCurve;
import dev.trainboard.tfevents.summary.PrCurves;
import dev.trainboard.tfevents.summary.Scalars;
import dev.trainboard.tfevents.summary.Texts;
import dev.trainboard.tfevents.writer.AsyncEventWriter;
import dev.trainboard.tfevents.writer.ScalarEventEncoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one TensorBoard run: the public API of this library, modelled on PyTorch's
 * {@code SummaryWriter}. Every {@code add*} method takes the step and the wall time (seconds since the
 * epoch, fractional) explicitly, so events can be replayed later with their original times.
 *
 * <p>Events go through a bounded queue to a background thread that writes one new event file in the run
 * directory (see {@link AsyncEventWriter} for flushing and for what happens when the queue is full). The
 * writer is thread-safe. {@link #close()} drains the queue, flushes and fsyncs.
 *
 * <pre>{@code
 * try (SummaryWriter writer = SummaryWriter.builder(runDir).fileSequence(attempt).restartAt(0).open()) {
 *     writer.addScalar("training loss", 0.25, 100, wallTime);
 * }
 * }</pre>
 */
public final class SummaryWriter implements Closeable {

    private final Builder options;
    private final AsyncEventWriter events;
    private final Map<String, SummaryWriter> scalarGroups = new ConcurrentHashMap<>();

    private SummaryWriter(Builder options, AsyncEventWriter events) {
        this.options = options;
        this.events = events;
    }

    /** A writer for {@code runDir} with sequence 0, no restart marker and the default queue and flushing. */
    public static SummaryWriter open(Path runDir) throws IOException {
        return builder(runDir).open();
    }

    public static Builder builder(Path runDir) {
        return new Builder(runDir);
    }

    /** Options of a writer; {@link #open()} creates the event file. */
    public static final class Builder {

        private final Path runDir;
        private int fileSequence;
        private OptionalLong restartStep = OptionalLong.empty();
        private Double startWallTime;
        private int queueCapacity = 8192;
        private Duration flushInterval = Duration.ofSeconds(1);

        private Builder(Path runDir) {
            this.runDir = runDir;
        }

        /**
         * The last part of the file name, zero-padded to 6 digits (0..999999), default 0. Use the job's
         * attempt number: a later attempt's file then sorts after earlier ones even within one second.
         */
        public Builder fileSequence(int sequence) {
            this.fileSequence = sequence;
            return this;
        }

        /**
         * Writes {@code SessionLog START} at {@code step} right after the file version: TensorBoard then
         * discards what earlier files of the run logged at this step or later.
         */
        public Builder restartAt(long step) {
            if (step < 0) {
                throw new IllegalArgumentException("restart step must not be negative, was " + step);
            }
            this.restartStep = OptionalLong.of(step);
            return this;
        }

        /** Wall time (seconds) of the file-version and restart events; default: now. */
        public Builder startWallTime(double wallTime) {
            this.startWallTime = wallTime;
            return this;
        }

        /** Events that may wait for the background thread before {@code add*} blocks; default 8192. */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /** Longest time written events stay unflushed; default 1 s. */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        /**
         * Creates the run directory if needed and a new event file in it.
         *
         * @throws IOException when the file cannot be created (also when one of the same name exists)
         */
        public SummaryWriter open() throws IOException {
            long nowMillis = System.currentTimeMillis();
            double wallTime = startWallTime != null ? startWallTime : nowMillis / 1000.0;
            String name = EventFileName.of(nowMillis / 1000, fileSequence);
            EventFile file = EventFile.create(runDir, name, wallTime, restartStep);
            return new SummaryWriter(this, new AsyncEventWriter(file, queueCapacity, flushInterval));
        }

        private Builder childFor(Path childDir) {
            Builder child = new Builder(childDir);
            child.fileSequence = fileSequence;
            child.restartStep = restartStep;
            child.startWallTime = startWallTime;
            child.queueCapacity = queueCapacity;
            child.flushInterval = flushInterval;
            return child;
        }
    }

    /** The run directory. */
    public Path runDir() {
        return options.runDir;
    }

    /** The event file this writer appends to. */
    public Path file() {
        return events.path();
    }

    /** One scalar (stored as float32, as TensorBoard reads it). */
    public void addScalar(String tag, double value, long step, double wallTime) {
        requireStep(step);
        events.write(ScalarEventEncoder.encode(tag, (float) value, step, wallTime));
    }

    /** Several scalars of this run, one per tag, in one event. */
    public void addScalars(Map<String, Double> valuesByTag, long step, double wallTime) {
        addValues(valuesByTag.entrySet().stream().map(e -> Scalars.value(e.getKey(), e.getValue())).toList(), step,
                wallTime);
    }

    /**
     * Several scalars drawn in one chart, like PyTorch's {@code add_scalars}: each goes to the child run
     * {@code <run>/<mainTag>_<key>} under tag {@code mainTag} ({@code /} in either is replaced by {@code _} in
     * the directory name). Child runs share this writer's options and are closed with it.
     */
    public void addScalars(String mainTag, Map<String, Double> valuesByKey, long step, double wallTime) {
        valuesByKey.forEach((key, value) -> groupWriter(mainTag, key).addScalar(mainTag, value, step, wallTime));
    }

    /** An image from encoded PNG bytes; its size and colour type are read from the PNG header. */
    public void addImage(String tag, byte[] png, long step, double wallTime) {
        addValues(List.of(Images.value(tag, png)), step, wallTime);
    }

    /** An image from raw pixels, encoded as PNG (grey is written as RGB, as PyTorch does). */
    public void addImage(String tag, Pixels pixels, long step, double wallTime) {
        addValues(List.of(Images.value(tag, pixels)), step, wallTime);
    }

    /** A batch of images as one grid image: torchvision's {@code make_grid}, 8 per row, padding 2. */
    public void addImageGrid(String tag, List<Pixels> images, long step, double wallTime) {
        addImage(tag, ImageGrid.of(images), step, wallTime);
    }

    /** A histogram of raw values, bucketed as PyTorch's default ("tensorflow" bins). */
    public void addHistogram(String tag, double[] values, long step, double wallTime) {
        addHistogram(tag, Histograms.fromValues(values), step, wallTime);
    }

    /** A histogram whose statistics and buckets are already computed. */
    public void addHistogram(String tag, Histogram histogram, long step, double wallTime) {
        addValues(List.of(Histograms.value(tag, histogram)), step, wallTime);
    }

    /** A PR curve at 127 thresholds from binary labels and predicted probabilities. */
    public void addPrCurve(String tag, boolean[] labels, double[] probabilities, long step, double wallTime) {
        addPrCurve(tag, PrCurves.compute(labels, probabilities, PrCurves.DEFAULT_THRESHOLDS), step, wallTime);
    }

    /** A PR curve whose six rows (TP, FP, TN, FN, precision, recall) are already computed. */
    public void addPrCurve(String tag, PrCurve curve, long step, double wallTime) {
        addValues(List.of(PrCurves.value(tag, curve)), step, wallTime);
    }

    /** Markdown text, stored under {@code tag + "/text_summary"} as PyTorch does. */
    public void addText(String tag, String markdown, long step, double wallTime) {
        addValues(List.of(Texts.value(tag, markdown)), step, wallTime);
    }

    /** The model graph (written at step 0; TensorBoard shows the latest one of a run). */
    public void addGraph(List<GraphNode> nodes, double wallTime) {
        events.write(Event.newBuilder()
                .setWallTime(wallTime)
                .setGraphDef(Graphs.graphDef(nodes).toByteString())
                .build()
                .toByteArray());
    }

    /**
     * Makes this run a session of the hparams table (status SUCCESS): writes the experiment, the session's
     * hyperparameters and its end, then each metric as a scalar under its own tag, all at {@code step}.
     *
     * @param hparams values: {@link Number}, {@link Boolean} or {@link String}
     * @param metrics metric values by scalar tag
     */
    public void addHparams(Map<String, ?> hparams, Map<String, Double> metrics, long step, double wallTime) {
        addHparams(hparams, metrics, HParamsStatus.STATUS_SUCCESS, step, wallTime);
    }

    /** As {@link #addHparams(Map, Map, long, double)}, with the session's status. */
    public void addHparams(Map<String, ?> hparams, Map<String, Double> metrics, HParamsStatus status, long step,
                           double wallTime) {
        addHparamsSession(hparams, metrics.keySet(), status, step, wallTime);
        if (!metrics.isEmpty()) {
            addScalars(metrics, step, wallTime);
        }
    }

    /**
     * Only the three hparams summaries (experiment, session start, session end), for a caller that logs the
     * metric scalars under {@code metricTags} itself: writing them again would put two values at one
     * (tag, step), which TensorBoard's Python loader shows twice.
     */
    public void addHparamsSession(Map<String, ?> hparams, Collection<String> metricTags, HParamsStatus status,
                                  long step, double wallTime) {
        addValues(HParams.values(hparams, metricTags, status, wallTime), step, wallTime);
    }

    /**
     * Files for the embedding projector beside the event files (written at once, not queued).
     *
     * @param labels       one label per vector, or {@code null}
     * @param spriteImages one thumbnail per vector, or {@code null}
     */
    public void addEmbedding(String tag, float[][] vectors, List<String> labels, List<Pixels> spriteImages,
                             long step) {
        try {
            Embeddings.write(options.runDir, tag, step, vectors, labels, spriteImages);
        } catch (IOException e) {
            throw new UncheckedIOException("writing embedding " + tag, e);
        }
    }

    /** Several summary values in one event. */
    public void addValues(List<Summary.Value> values, long step, double wallTime) {
        requireStep(step);
        events.write(Event.newBuilder()
                .setWallTime(wallTime)
                .setStep(step)
                .setSummary(Summary.newBuilder().addAllValue(values))
                .build()
                .toByteArray());
    }

    /** Waits until everything added so far is written, flushed and fsynced (child runs included). */
    public void flush() {
        events.flush();
        scalarGroups.values().forEach(SummaryWriter::flush);
    }

    /** Drains, flushes, fsyncs and closes the event file (and those of child runs). */
    @Override
    public void close() {
        events.close();
        scalarGroups.values().forEach(SummaryWriter::close);
    }

    private static void requireStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
    }

    private SummaryWriter groupWriter(String mainTag, String key) {
        String dirName = (mainTag + "_" + key).replace('/', '_').replace('\\', '_');
        return scalarGroups.computeIfAbsent(dirName, name -> {
            try {
                return options.childFor(options.runDir.resolve(name)).open();
            } catch (IOException e) {
                throw new UncheckedIOException("opening child run " + name, e);
            }
        });
    }
}
