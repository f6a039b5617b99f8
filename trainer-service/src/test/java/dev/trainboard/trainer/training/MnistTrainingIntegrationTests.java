package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.Optimizer;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.trainer.MnistTestData;
import dev.trainboard.trainer.data.TrainingData;
import dev.trainboard.trainer.metrics.TrainingCurveListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real PyTorch engine on CPU on slices of the real MNIST files. */
class MnistTrainingIntegrationTests {

    /** The first 2,000 training and 500 test images, shared by every test. */
    private static TrainingData data;

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
        data = MnistTestData.load(2000, 500);
    }

    @Test
    void aSmallSliceLearnsWellAboveChance() {
        JobSpec spec = MnistTestData.slice("slice", 1, 2000, 500, 50, 5);

        TrainingResult result = train(spec, new ArrayList<>());

        assertThat(result.steps()).isEqualTo(40);
        assertThat(result.device()).isEqualTo("cpu()");
        assertThat(result.test().accuracy()).isGreaterThan(0.6);
        assertThat(result.test().loss()).isLessThan(Math.log(10));
        assertThat(result.test().probabilities()).hasSize(500 * 10);
    }

    @Test
    void theSameSpecAndSeedGiveTheSameFirstLoss() {
        JobSpec spec = MnistTestData.slice("twice", 1, 2000, 500, 50, 3);

        double first = firstLoggedLoss(spec);
        double second = firstLoggedLoss(spec);
        double otherSeed = firstLoggedLoss(new JobSpec(spec.runName(), spec.dataset(), 1, 50, 0.001, 500,
                Optimizer.ADAM, spec.seed() + 1, spec.device(), 3, 2000, 500, null, null));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void sgdIsSelectable() {
        JobSpec spec = new JobSpec("sgd", dev.trainboard.events.Dataset.MNIST, 1, 50, 0.1, 100, Optimizer.SGD, 7L,
                dev.trainboard.events.Device.CPU, 5, 2000, 500, null, null);

        assertThat(train(spec, new ArrayList<>()).test().accuracy()).isGreaterThan(0.6);
    }

    @Test
    void aStopSignalEndsTheLoopBeforeTheNextBatch() {
        JobSpec spec = MnistTestData.slice("stopped", 3, 2000, 500, 100, 5);
        List<Long> steps = new ArrayList<>();
        TrainingListenerAdapter stepRecorder = new TrainingListenerAdapter() {
            @Override
            public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                steps.add(batchData.getBatch().getProgress());
            }
        };
        StopSignal afterFiveSteps = () -> steps.size() >= 5 ? Optional.of(StopReason.CANCELLED) : Optional.empty();

        assertThatThrownBy(() -> new MnistTraining().train(spec, data, Device.cpu(), List.of(stepRecorder),
                afterFiveSteps)).isInstanceOfSatisfying(TrainingStoppedException.class,
                        stopped -> assertThat(stopped.reason()).isEqualTo(StopReason.CANCELLED));
        assertThat(steps).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void residentMemoryStaysFlatOverTwentyEpochs() throws IOException {
        assertThat(Files.readString(Path.of("/proc/self/maps")))
                .as("the trainer's allocator, jemalloc, preloaded as in production (./trainboard test installs it)")
                .contains("libjemalloc.so.2");
        // 2,000 images in batches of 100: 20 steps per epoch, 400 steps in all. A leak of one step's
        // activations (100 x 500 floats) would add about 80 MB over the last 15 epochs.
        JobSpec spec = MnistTestData.slice("long", 20, 2000, 500, 100, 20);
        List<Long> residentPerEpoch = new ArrayList<>();
        TrainingListenerAdapter memory = new TrainingListenerAdapter() {
            @Override
            public void onEpoch(Trainer trainer) {
                residentPerEpoch.add(residentBytes());
            }
        };

        new MnistTraining().train(spec, data, Device.cpu(), List.of(memory), StopSignal.NEVER);

        assertThat(residentPerEpoch).hasSize(20);
        long growth = residentPerEpoch.get(19) - residentPerEpoch.get(4);
        assertThat(growth).as("resident memory growth from epoch 5 to 20, per epoch: %s", residentPerEpoch)
                .isLessThan(24L << 20);
    }

    private static double firstLoggedLoss(JobSpec spec) {
        List<EventPayload> events = new ArrayList<>();
        train(spec, events);
        ScalarsLogged first = (ScalarsLogged) events.get(0);
        return first.points().stream().filter(point -> point.tag().equals(TrainingCurveListener.LOSS_TAG))
                .mapToDouble(ScalarPoint::value).findFirst().orElseThrow();
    }

    private static TrainingResult train(JobSpec spec, List<EventPayload> events) {
        return new MnistTraining().train(spec, data, Device.cpu(),
                List.of(new TrainingCurveListener(events::add, spec.logEverySteps())), StopSignal.NEVER);
    }

    private static long residentBytes() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            String line = status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resident memory", e);
        }
    }
}
