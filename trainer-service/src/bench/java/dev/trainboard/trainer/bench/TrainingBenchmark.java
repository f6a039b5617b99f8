package dev.trainboard.trainer.bench;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.trainboard.events.Dataset;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.Optimizer;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.MnistTestData;
import dev.trainboard.trainer.data.TrainingData;
import dev.trainboard.trainer.metrics.BackgroundEventSink;
import dev.trainboard.trainer.metrics.ImageGrid;
import dev.trainboard.trainer.metrics.JobEventPublisher;
import dev.trainboard.trainer.metrics.JobEvents;
import dev.trainboard.trainer.metrics.JobListeners;
import dev.trainboard.trainer.metrics.JobReport;
import dev.trainboard.trainer.training.MnistTraining;
import dev.trainboard.trainer.training.PyTorchEngine;
import dev.trainboard.trainer.training.StopSignal;
import dev.trainboard.trainer.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Trains the tutorial's network on the full MNIST (60,000 / 10,000) for 2 epochs on CPU with one
 * intra-op thread, without and with publishing every event to a real (embedded) Kafka broker (each of the
 * two first in every other round), and measures a DJL matrix-multiply loop of one training step's shapes
 * in the same run as the baseline for "how close to the machine's limit": once per round, and every
 * {@value #WINDOW_STEPS} steps of a fourth job ({@link InterleavedMatmuls}). Each round also runs the
 * tutorial's own PyTorch loop ({@link TutorialBaseline}). The summary ends with the figures as {@code BENCH}
 * lines for {@code ./trainboard bench}: medians of the rounds, each next to its baseline of the same run.
 */
public final class TrainingBenchmark {

    private static final int BATCH = StepMatmuls.BATCH;
    private static final int HIDDEN = StepMatmuls.HIDDEN;
    /** Steps between two runs of the matrix products in the interleaved job, and their repetitions each time. */
    private static final int WINDOW_STEPS = 100;
    private static final int WINDOW_REPETITIONS = 80;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // -Dbench.bypassMklVendorCheck=false measures MKL's generic kernels on non-Intel processors.
        boolean bypassMklVendorCheck = Boolean.parseBoolean(System.getProperty("bench.bypassMklVendorCheck", "true"));
        PyTorchEngine.start(1, bypassMklVendorCheck);
        TrainingData data = MnistTestData.load(60000, 10000);
        JobSpec spec = new JobSpec("bench", Dataset.MNIST, 2, BATCH, 0.001, HIDDEN, Optimizer.ADAM, 42L,
                dev.trainboard.events.Device.CPU, 100, null, null, null, null);
        // The same loop with plain SGD shows how much of a step DJL's Adam update takes.
        JobSpec sgdSpec = new JobSpec("bench-sgd", Dataset.MNIST, 2, BATCH, 0.1, HIDDEN, Optimizer.SGD, 42L,
                dev.trainboard.events.Device.CPU, 100, null, null, null, null);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.EVENTS);
        broker.afterPropertiesSet();
        DefaultKafkaProducerFactory<String, EventEnvelope> producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new JacksonJsonSerializer<EventEnvelope>(EventJson.mapper()).noTypeInfo());
        JobEventPublisher publisher = new JobEventPublisher(new KafkaTemplate<>(producers));

        System.out.printf("machine: %d cores, %s, Java %s, DJL PyTorch, 1 intra-op thread, MKL vendor check %s%n",
                Runtime.getRuntime().availableProcessors(), osName(), System.getProperty("java.version"),
                bypassMklVendorCheck ? "bypassed" : "kept");
        StepMatmuls matmuls = new StepMatmuls();
        warmUp(matmuls, spec, data, publisher);
        double stepFlops = StepMatmuls.flops();
        List<Double> matmulCpu = new ArrayList<>();
        List<Double> bareCpu = new ArrayList<>();
        List<Double> publishedCpu = new ArrayList<>();
        List<Double> sgdCpu = new ArrayList<>();
        List<Double> bareWall = new ArrayList<>();
        List<Double> publishedWall = new ArrayList<>();
        List<Double> listenerShare = new ArrayList<>();
        List<Double> timesTutorial = new ArrayList<>();
        List<Double> timesTutorialPublishing = new ArrayList<>();
        List<Double> interleavedShares = new ArrayList<>();
        List<Double> publishedImages = new ArrayList<>();
        List<Double> tutorialImages = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        List<Double> tutorialAccuracies = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Optional<TutorialBaseline.Result> tutorial = TutorialBaseline.run(MnistTestData.dataDir());
            StepMatmuls.Timing matmul = matmuls.run(3000);
            // Odd rounds train without publishing first, even rounds with: a fixed order had charged whatever
            // the machine did to the second job to the publishing.
            boolean bareFirst = round % 2 == 1;
            Run bare = bareFirst ? train(spec, data, null, List.of()) : null;
            Run published = train(spec, data, publisher.forJob(UUID.randomUUID(), 1), List.of());
            if (!bareFirst) {
                bare = train(spec, data, null, List.of());
            }
            Run sgd = train(sgdSpec, data, null, List.of());
            InterleavedMatmuls windows = new InterleavedMatmuls(matmuls, WINDOW_STEPS, WINDOW_REPETITIONS);
            train(spec, data, null, List.of(windows));
            System.out.printf("round %d: matmul of one step's shapes: wall %.2f ms, CPU %.2f ms (%.1f GFLOP/s)%n",
                    round, matmul.wall() * 1e3, matmul.cpu() * 1e3, stepFlops / matmul.cpu() / 1e9);
            print("without publishing", bare, matmul);
            print("with publishing   ", published, matmul);
            print("SGD, no publishing", sgd, matmul);
            List<Double> shares = windows.shares().stream().sorted().toList();
            interleavedShares.addAll(shares);
            System.out.printf("  Adam with the matmul loop every %d steps: %.0f %% of the matmul rate (median of %d"
                    + " windows, %.0f-%.0f %%)%n", WINDOW_STEPS, 100 * median(shares), shares.size(),
                    100 * shares.get(0), 100 * shares.get(shares.size() - 1));
            matmulCpu.add(matmul.cpu());
            bareCpu.add(bare.clock.cpuSecondsPerStep());
            publishedCpu.add(published.clock.cpuSecondsPerStep());
            sgdCpu.add(sgd.clock.cpuSecondsPerStep());
            bareWall.add(bare.clock.wallSecondsPerStep());
            publishedWall.add(published.clock.wallSecondsPerStep());
            listenerShare.add(published.publishingSeconds / published.result.steps() / bare.clock.cpuSecondsPerStep());
            publishedImages.add(published.result.imagesPerSecond());
            accuracies.add(bare.result.test().accuracy());
            if (tutorial.isPresent()) {
                // Both rates are training images over the training loop's wall time, epochs included.
                double tutorialRate = tutorial.get().imagesPerSecond();
                double bareRatio = bare.result.imagesPerSecond() / tutorialRate;
                double publishedRatio = published.result.imagesPerSecond() / tutorialRate;
                timesTutorial.add(bareRatio);
                timesTutorialPublishing.add(publishedRatio);
                tutorialImages.add(tutorialRate);
                tutorialAccuracies.add(tutorial.get().testAccuracy());
                System.out.printf("  tutorial's PyTorch loop: %,.0f images/s; training loop here: %,.0f images/s without"
                        + " publishing = %.1fx, %,.0f with = %.1fx%n", tutorialRate,
                        bare.result.imagesPerSecond(), bareRatio, published.result.imagesPerSecond(), publishedRatio);
            }
            System.out.printf("  publishing overhead: wall %.1f %%, training-thread CPU %.1f %%%n",
                    100 * (published.clock.wallSecondsPerStep() / bare.clock.wallSecondsPerStep() - 1),
                    100 * (published.clock.cpuSecondsPerStep() / bare.clock.cpuSecondsPerStep() - 1));
        }
        System.out.printf("medians of %d rounds: matmul %.2f ms CPU/step; Adam %.2f ms CPU/step = %,.0f images/s"
                + " = %.0f %% of the matmul rate; with publishing %.2f ms = %.0f %%; SGD %.2f ms = %.0f %%;"
                + " publishing overhead %.1f %% CPU, %.1f %% wall; publishing listeners' own time %.2f %% of a bare"
                + " step%n", ROUNDS, median(matmulCpu) * 1e3,
                median(bareCpu) * 1e3, BATCH / median(bareCpu), 100 * median(matmulCpu) / median(bareCpu),
                median(publishedCpu) * 1e3, 100 * median(matmulCpu) / median(publishedCpu), median(sgdCpu) * 1e3,
                100 * median(matmulCpu) / median(sgdCpu), 100 * (median(publishedCpu) / median(bareCpu) - 1),
                100 * (median(publishedWall) / median(bareWall) - 1), 100 * median(listenerShare));
        // The two jobs of a round ran seconds apart on the same host, so their ratio is the paired figure; the
        // ratio of the medians above can pair a quiet round's job with a noisy round's.
        List<Double> publishingCpuRatios = ratios(publishedCpu, bareCpu);
        System.out.printf("publishing overhead, median of the rounds' own ratios: %.1f %% CPU (%.1f to %.1f %%),"
                + " %.1f %% wall%n", 100 * (median(publishingCpuRatios) - 1),
                100 * (quantile(publishingCpuRatios, 0) - 1), 100 * (quantile(publishingCpuRatios, 1) - 1),
                100 * (median(ratios(publishedWall, bareWall)) - 1));
        System.out.printf("interleaved: %.0f %% of the matmul rate, median of %d windows in all rounds (quartiles"
                + " %.0f-%.0f %%)%n", 100 * median(interleavedShares), interleavedShares.size(),
                100 * quantile(interleavedShares, 0.25), 100 * quantile(interleavedShares, 0.75));
        if (!timesTutorial.isEmpty()) {
            System.out.printf("medians against the tutorial's loop in the same rounds: %.1fx without publishing, %.1fx"
                    + " with%n", median(timesTutorial), median(timesTutorialPublishing));
            bench("training images/s, 2 epochs, publishing (wall)", median(publishedImages), "images/s",
                    "tutorial's PyTorch loop", median(tutorialImages));
            bench("test accuracy after 2 epochs", 100 * median(accuracies), "%", "tutorial's PyTorch loop",
                    100 * median(tutorialAccuracies));
        }
        // Rates of the training thread's CPU time, so that a ratio of two is the share of the other's step.
        bench("Adam training steps/s (CPU)", 1 / median(bareCpu), "steps/s",
                "the step's matrix products alone", 1 / median(matmulCpu));
        bench("Adam training steps/s (CPU), publishing", 1 / median(publishedCpu), "steps/s",
                "the same job without publishing", 1 / median(bareCpu));
        matmuls.close();
        producers.destroy();
        broker.destroy();
    }

    /**
     * publishingSeconds: the training thread's time in the publishing listeners, 0 without them (see
     * TimedListeners); sendCpu: the publishing thread's CPU seconds spent handing their events to the Kafka
     * producer (not part of publishingSeconds);
     * sendsByType: the same by event type.
     */
    private record Run(TrainingResult result, StepClock clock, double publishingSeconds,
            Map<String, Double> publishingSecondsByListener, double sendCpu,
            Map<String, SendClock.Sends> sendsByType) {
    }

    private static Run train(JobSpec spec, TrainingData data, JobEvents events, List<TrainingListener> extra) {
        StepClock timer = new StepClock();
        List<TrainingListener> listeners = new ArrayList<>(List.of(timer));
        listeners.addAll(extra);
        // As JobRunner does: the listeners queue their events, a thread of the job's hands them to the producer.
        SendClock sends = new SendClock(events);
        BackgroundEventSink background = events == null ? null : new BackgroundEventSink(sends, "bench-events", 120);
        TimedListeners publishing = new TimedListeners(events == null ? List.of()
                : JobListeners.publishingTo(background, spec, Duration.ofSeconds(2)));
        listeners.add(publishing);
        if (events != null) {
            events.publish(JobReport.specText(spec));
            events.publish(ImageGrid.firstImages(data.train()));
        }
        timer.start();
        TrainingResult result = new MnistTraining().train(spec, data, Device.cpu(), listeners, StopSignal.NEVER);
        if (events != null) {
            background.close();
            JobReport.results(spec, result, data.test()).forEach(events::publish);
            events.publishAndWait(dev.trainboard.events.JobStatusChanged.succeeded(JobReport.finalMetrics(result)));
        }
        return new Run(result, timer, publishing.seconds(), publishing.secondsByListener(), sends.cpuSeconds(),
                sends.byType());
    }

    private static void print(String label, Run run, StepMatmuls.Timing matmul) {
        StepClock clock = run.clock;
        System.out.printf("  %s: wall %,.0f images/s (%.2f ms/step, epochs %s s), CPU %,.0f images/s"
                + " (%.2f ms/step = %.0f %% of the matmul rate), %.1f page faults/step, publishing listeners"
                + " %.1f us/step, test accuracy %.4f%n", label,
                BATCH / clock.wallSecondsPerStep(), clock.wallSecondsPerStep() * 1e3, format(clock.epochSeconds),
                BATCH / clock.cpuSecondsPerStep(), clock.cpuSecondsPerStep() * 1e3,
                100 * matmul.cpu() / clock.cpuSecondsPerStep(), clock.minorFaultsPerStep(),
                1e6 * run.publishingSeconds / run.result.steps(),
                run.result.test().accuracy());
        if (run.publishingSeconds > 0) {
            run.publishingSecondsByListener.forEach((name, seconds) -> System.out.printf("      %s: %.1f us/step%n",
                    name, 1e6 * seconds / run.result.steps()));
            System.out.printf("      on the job's publishing thread, handing their events to the Kafka producer: %.1f us/step%n",
                    1e6 * run.sendCpu / run.result.steps());
            run.sendsByType.forEach((type, sends) -> System.out.printf(
                    "        %s: %d sent, %.0f us each%n", type, sends.count(), sends.cpuNanos() / 1e3 / sends.count()));
        }
    }

    /** One figure in the tab-separated form {@code ./trainboard bench} collects. */
    private static void bench(String figure, double value, String unit, String baselineName, double baseline) {
        System.out.printf(Locale.ROOT, "BENCH\ttrain\t%s\t%.6g\t%s\t%s\t%.6g\t%.4g%n", figure, value, unit,
                baselineName, baseline, value / baseline);
    }

    /** Element by element, {@code numerators[i] / denominators[i]}. */
    private static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
        return IntStream.range(0, numerators.size()).mapToObj(i -> numerators.get(i) / denominators.get(i)).toList();
    }

    /** The value below which {@code fraction} of {@code values} lie (nearest rank). */
    private static double quantile(List<Double> values, double fraction) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(fraction * sorted.size())));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String format(List<Double> seconds) {
        return seconds.stream().map(s -> String.format("%.2f", s)).toList().toString();
    }

    /**
     * Lets the JIT and PyTorch's allocator settle before anything is timed: one epoch of the timed jobs' size,
     * publishing, so that the listeners and the producer are compiled too. A 100-step warm-up without them left
     * the first timed job of a run 3-16 % slower than the same job in later rounds.
     */
    private static void warmUp(StepMatmuls matmuls, JobSpec spec, TrainingData data, JobEventPublisher publisher) {
        JobSpec oneEpoch = new JobSpec("warm-up", spec.dataset(), 1, spec.batchSize(), spec.learningRate(),
                spec.hiddenSize(), spec.optimizer(), spec.seed(), spec.device(), spec.logEverySteps(), null, null,
                null, null);
        train(oneEpoch, data, publisher.forJob(UUID.randomUUID(), 1), List.of());
        matmuls.run(3000);
    }

    private static String osName() {
        return ManagementFactory.getOperatingSystemMXBean().getName() + " "
                + ManagementFactory.getOperatingSystemMXBean().getArch();
    }

    /**
     * Wall time of each epoch, and wall and CPU time of the training thread from the end of the first step
     * to the end of the last. With one intra-op thread PyTorch computes on the calling thread, so its CPU
     * time is the work itself, whatever else the shared machine runs meanwhile. Also the thread's minor page
     * faults from the first step to the end of the last epoch: when glibc maps and unmaps each step's
     * gradients (see the allocator settings in trainer-service/Dockerfile) they number hundreds per step.
     *
     * <p>The clocks are read at the first step and at each epoch's end only. Reading a thread's CPU clock is a
     * system call, and on virtual machines whose kernel isolates page tables without PCID each entry into the
     * kernel also empties the TLB: there one reading a step made the steps about 2.5 % slower. This listener comes first, so an epoch's end is read before the other listeners' epoch work.
     */
    private static final class StepClock extends TrainingListenerAdapter {

        private static final Path THREAD_STAT = Path.of("/proc/thread-self/stat");

        private final List<Double> epochSeconds = new ArrayList<>();
        private long epochStart;
        private long firstStepWall;
        private long firstStepCpu;
        private long firstStepFaults;
        private long lastEpochWall;
        private long lastEpochCpu;
        private long lastEpochFaults;
        private long steps;

        void start() {
            epochStart = System.nanoTime();
        }

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            if (steps++ == 0) {
                firstStepWall = System.nanoTime();
                firstStepCpu = THREADS.getCurrentThreadCpuTime();
                firstStepFaults = minorFaults();
            }
        }

        @Override
        public void onEpoch(Trainer trainer) {
            lastEpochWall = System.nanoTime();
            lastEpochCpu = THREADS.getCurrentThreadCpuTime();
            epochSeconds.add((lastEpochWall - epochStart) / 1e9);
            epochStart = lastEpochWall;
            lastEpochFaults = minorFaults();
        }

        double wallSecondsPerStep() {
            return (lastEpochWall - firstStepWall) / 1e9 / (steps - 1);
        }

        double cpuSecondsPerStep() {
            return (lastEpochCpu - firstStepCpu) / 1e9 / (steps - 1);
        }

        double minorFaultsPerStep() {
            return (double) (lastEpochFaults - firstStepFaults) / (steps - 1);
        }

        /** The calling thread's minor faults: field 10 of proc(5)'s stat, the 8th after the name in parentheses. */
        private static long minorFaults() {
            try {
                String stat = Files.readString(THREAD_STAT);
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[7]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
