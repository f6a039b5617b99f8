package dev.trainboard.metrics.ingest;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.Device;
import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.Optimizer;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.Png;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events a trainer sends for one small job, in its order: RUNNING, the spec as text, the image grid, the
 * graph, loss and accuracy every {@value #LOG_EVERY} steps, progress, weight histograms per epoch, then the
 * test-set scalars, ten PR curves, the embedding and hparams at the last step, and SUCCEEDED. Every value and
 * time is fixed, so two jobs given the same stream have the same decoded event files.
 */
final class JobStream {

    static final int EPOCHS = 2;
    static final int STEPS_PER_EPOCH = 10;
    static final long LAST_STEP = EPOCHS * STEPS_PER_EPOCH;
    static final int LOG_EVERY = 2;
    static final Instant EMITTED = Instant.parse("2026-03-01T12:00:00Z");
    private static final double WALL = 1.77e9;

    private JobStream() {
    }

    /** A spec whose range is {@link #LAST_STEP}: 1,000 images in batches of 100, two epochs. */
    static JobSpec spec(String runName) {
        return new JobSpec(runName, Dataset.MNIST, EPOCHS, 100, 0.01, 16, Optimizer.ADAM, 7, Device.CPU, LOG_EVERY,
                STEPS_PER_EPOCH * 100, 100, null, null);
    }

    static List<EventEnvelope> of(UUID job) {
        List<EventPayload> payloads = new ArrayList<>();
        payloads.add(JobStatusChanged.running("cpu", "trainer-1"));
        payloads.add(new TextLogged("job spec", 0, WALL, "| setting | value |\n|---|---|\n| lr | 0.01 |\n"));
        payloads.add(new ImageLogged("mnist_images", 0, WALL, 4, 2, 3, png(4, 2, 1)));
        payloads.add(new GraphLogged(List.of(
                new GraphNode("input", "Input", List.of(), List.of(-1L, 784L), Map.of()),
                new GraphNode("Net/fc1", "Linear", List.of("input"), List.of(-1L, 16L), Map.of("bias", "true")),
                new GraphNode("Net/relu", "ReLU", List.of("Net/fc1"), List.of(-1L, 16L), Map.of()),
                new GraphNode("Net/fc2", "Linear", List.of("Net/relu"), List.of(-1L, 10L), Map.of()))));
        for (int step = 0; step < LAST_STEP; step++) {
            double wall = WALL + step;
            if ((step + 1) % LOG_EVERY == 0) {
                payloads.add(new ScalarsLogged(List.of(new ScalarPoint("training loss", step, wall, 2.0 / (step + 1)),
                        new ScalarPoint("accuracy", step, wall, step / (double) LAST_STEP))));
            }
            if (step % 5 == 0) {
                payloads.add(new ProgressReported(step / STEPS_PER_EPOCH, EPOCHS, step, LAST_STEP, 5000, 1,
                        2.0 / (step + 1)));
            }
            if ((step + 1) % STEPS_PER_EPOCH == 0) {
                for (String tag : List.of("Net/fc1/weight", "Net/fc2/weight")) {
                    payloads.add(new HistogramLogged(tag, step, wall, -1, 1, 100, 0.5, 30,
                            List.of(-0.5, 0.0, 0.5, 1.0), List.of(10.0, 40.0, 40.0, 10.0)));
                }
            }
        }
        double end = WALL + LAST_STEP;
        payloads.add(new ScalarsLogged(List.of(new ScalarPoint("test accuracy", LAST_STEP, end, 0.91),
                new ScalarPoint("test loss", LAST_STEP, end, 0.3))));
        for (int digit = 0; digit < 10; digit++) {
            payloads.add(new PrCurveLogged(Integer.toString(digit), LAST_STEP, end, 3, List.of(10.0, 8.0, 0.0),
                    List.of(90.0, 5.0, 0.0), List.of(0.0, 85.0, 90.0), List.of(0.0, 2.0, 10.0),
                    List.of(0.1, 0.6154, 0.0), List.of(1.0, 0.8, 0.0)));
        }
        List<List<Float>> vectors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<Float> vector = new ArrayList<>();
            for (int d = 0; d < 16; d++) {
                vector.add((i * 16 + d) / 128f);
            }
            vectors.add(vector);
            labels.add(Integer.toString(i % 10));
        }
        payloads.add(new EmbeddingLogged("mnist_test_8", LAST_STEP, vectors, labels, png(8, 4, 2), 2));
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("lr", 0.01);
        hparams.put("batch_size", 100);
        hparams.put("optimizer", "adam");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test accuracy", 0.91);
        metrics.put("test loss", 0.3);
        payloads.add(new HParamsLogged(hparams, metrics, "SUCCESS"));
        payloads.add(JobStatusChanged.succeeded(metrics));
        return payloads.stream().map(p -> new EventEnvelope(EventEnvelope.SCHEMA_VERSION, job, 1, EMITTED, p))
                .toList();
    }

    static byte[] png(int width, int height, int seed) {
        byte[] samples = new byte[width * height * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i * 37 + seed);
        }
        return Png.encode(Pixels.ofHwc(height, width, 3, samples));
    }
}
