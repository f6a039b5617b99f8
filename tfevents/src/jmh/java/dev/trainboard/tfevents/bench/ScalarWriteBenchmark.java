package dev.trainboard.tfevents.bench;

import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.file.EventFile;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.writer.ScalarEventEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Scalar events per second written to disk by one writer, framing and CRC included, next to baselines
 * measured in the same run: the same scalar built with the generated protobuf classes, the encoding alone,
 * and a synchronous event file on the caller's thread. One op = one scalar event. Each iteration writes a
 * fresh file that is deleted afterwards; its size per event is printed so that events/s convert to MB/s.
 * {@link #main} runs them all and prints the figures as {@code BENCH} lines for {@code ./trainboard bench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
public class ScalarWriteBenchmark {

    private static final String TAG = "training loss";
    private static final double START = 1.7e9;

    /** One figure in the tab-separated form {@code ./trainboard bench} collects. */
    private static void bench(String figure, double value, String unit, String baselineName, double baseline) {
        System.out.printf(Locale.ROOT, "BENCH\ttfevents\t%s\t%.6g\t%s\t%s\t%.6g\t%.4g%n", figure, value, unit,
                baselineName, baseline, value / baseline);
    }

    private Path dir;

    /** Runs the four benchmarks, then prints each figure (events/s) next to its baseline of the same run. */
    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        Map<String, Double> eventsPerSecond = new Runner(new OptionsBuilder()
                .include(ScalarWriteBenchmark.class.getName()).build()).run().stream()
                .collect(Collectors.toMap(result -> result.getParams().getBenchmark()
                        .substring(ScalarWriteBenchmark.class.getName().length() + 1),
                        // The median of the measured iterations: on a shared machine one slow iteration moves the mean.
                        (RunResult result) -> result.getPrimaryResult().getStatistics().getPercentile(50)));
        double addScalar = eventsPerSecond.get("summaryWriterAddScalar");
        bench("SummaryWriter.addScalar to disk", addScalar, "events/s",
                "EventFile.append on the caller's thread", eventsPerSecond.get("syncEventFileAppend"));
        bench("ScalarEventEncoder.encode", eventsPerSecond.get("encodeOnly"), "events/s",
                "generated protobuf classes", eventsPerSecond.get("generatedClassesOnly"));
        PyTorchSummaryWriter.addScalarsPerSecond().ifPresent(torch -> bench(
                "SummaryWriter.addScalar to disk", addScalar, "events/s", "PyTorch SummaryWriter.add_scalar", torch));
    }

    private SummaryWriter writer;
    private EventFile syncFile;
    private long step;
    private long asyncEvents;
    private long syncEvents;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tfevents-bench");
        writer = SummaryWriter.builder(dir.resolve("async")).open();
        syncFile = EventFile.create(dir.resolve("sync"), "events.out.tfevents.sync", START, OptionalLong.empty());
        step = 0;
        asyncEvents = 0;
        syncEvents = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        writer.close();
        syncFile.close();
        report(writer.file(), asyncEvents);
        report(syncFile.path(), syncEvents);
        Files.delete(dir);
    }

    private static void report(Path file, long events) throws IOException {
        if (events > 0) {
            System.out.printf("%n%d events, %.2f bytes per event on disk%n", events,
                    (double) Files.size(file) / events);
        }
        Files.delete(file);
        Files.delete(file.getParent());
    }

    /** The measured path: {@code SummaryWriter.addScalar} through the queue to the writer thread and disk. */
    @Benchmark
    public void summaryWriterAddScalar() {
        long s = step++;
        asyncEvents++;
        writer.addScalar(TAG, s * 1e-3, s, START + s * 1e-3);
    }

    /** Baseline: encode, frame, checksum and write on the caller's thread, no queue. */
    @Benchmark
    public void syncEventFileAppend() throws IOException {
        long s = step++;
        syncEvents++;
        syncFile.append(ScalarEventEncoder.encode(TAG, (float) (s * 1e-3), s, START + s * 1e-3));
    }

    /** Baseline: only the encoding of one scalar event. */
    @Benchmark
    public byte[] encodeOnly() {
        long s = step++;
        return ScalarEventEncoder.encode(TAG, (float) (s * 1e-3), s, START + s * 1e-3);
    }

    /** Baseline: the same event built and serialized with the generated protobuf classes. */
    @Benchmark
    public byte[] generatedClassesOnly() {
        long s = step++;
        return Event.newBuilder()
                .setWallTime(START + s * 1e-3)
                .setStep(s)
                .setSummary(Summary.newBuilder()
                        .addValue(Summary.Value.newBuilder().setTag(TAG).setSimpleValue((float) (s * 1e-3))))
                .build()
                .toByteArray();
    }
}
