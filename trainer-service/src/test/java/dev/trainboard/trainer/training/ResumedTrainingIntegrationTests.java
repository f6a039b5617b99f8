package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.trainer.MnistTestData;
import dev.trainboard.trainer.artifacts.ArtifactProperties;
import dev.trainboard.trainer.artifacts.ArtifactStore;
import dev.trainboard.trainer.data.TrainingData;
import dev.trainboard.trainer.metrics.TrainingCurveListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run stopped after a checkpoint and resumed from it against the same run uninterrupted: the real PyTorch
 * engine on one CPU thread, two epochs of 40 steps, a checkpoint every 30 steps.
 */
class ResumedTrainingIntegrationTests {

    /** 2,000 images in batches of 50: 40 steps an epoch, 80 in all; logged at 9, 19, ..., 79. */
    private static final JobSpec SPEC = withCheckpoints(MnistTestData.slice("resumed", 2, 2000, 500, 50, 10), 30);

    private static TrainingData data;

    @TempDir
    Path root;

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
        data = MnistTestData.load(2000, 500);
    }

    @Test
    void aRunResumedMidEpochEndsWhereTheUninterruptedOneEnds() throws Exception {
        ArtifactStore store = new ArtifactStore(new ArtifactProperties(root));
        UUID whole = UUID.randomUUID();
        List<EventPayload> wholeEvents = new ArrayList<>();
        TrainingResult uninterrupted = train(store, whole, 1, wholeEvents, StopSignal.NEVER);

        UUID crashed = UUID.randomUUID();
        List<EventPayload> firstAttempt = new ArrayList<>();
        // Stops before step 65, as a killed trainer would: the newest checkpoint is the one at step 60, in the
        // middle of the second epoch.
        assertThatThrownBy(() -> train(store, crashed, 1, firstAttempt, stopBefore(65)))
                .isInstanceOf(TrainingStoppedException.class);
        Optional<ArtifactStore.StoredCheckpoint> checkpoint = store.latestCheckpoint(crashed);
        assertThat(checkpoint).map(ArtifactStore.StoredCheckpoint::position)
                .contains(new TrainingPosition(1, 60, SPEC.seed(), 20, 1));
        List<EventPayload> secondAttempt = new ArrayList<>();
        TrainingResult resumed = train(store, crashed, 2, checkpoint, secondAttempt, StopSignal.NEVER);

        // Identical, not merely close: one intra-op thread, the same weights, moments and batch order.
        assertThat(resumed.test().accuracy()).isEqualTo(uninterrupted.test().accuracy());
        assertThat(resumed.test().loss()).isEqualTo(uninterrupted.test().loss());
        assertThat(resumed.steps()).isEqualTo(80);
        assertThat(Files.readAllBytes(root.resolve(crashed + "/model/" + ModelFiles.PARAMETERS)))
                .isEqualTo(Files.readAllBytes(root.resolve(whole + "/model/" + ModelFiles.PARAMETERS)));
        // The resumed attempt logs from step 60 on, each point as the uninterrupted run logged it.
        assertThat(points(secondAttempt)).isEqualTo(points(wholeEvents).subList(12, 16));
        assertThat(points(secondAttempt)).extracting(Point::step).containsExactly(69L, 69L, 79L, 79L);
        assertThat(points(firstAttempt)).extracting(Point::step).last().isEqualTo(59L);
        assertThat(saved(secondAttempt)).extracting(CheckpointSaved::step, CheckpointSaved::path,
                CheckpointSaved::finalModel).containsExactly(tuple(80L, crashed + "/model", true));
    }

    @Test
    void theFinalModelLoadsWithDjlAndDescribesItself() throws Exception {
        ArtifactStore store = new ArtifactStore(new ArtifactProperties(root));
        UUID job = UUID.randomUUID();
        List<EventPayload> events = new ArrayList<>();
        TrainingResult result = train(store, job, 1, events, StopSignal.NEVER);

        Path model = root.resolve(job + "/model");
        assertThat(model.resolve("COMPLETE")).exists();
        JsonNode description = JsonMapper.shared().readTree(model.resolve(ModelFiles.DESCRIPTION).toFile());
        assertThat(description.path("architecture").path("input").asInt()).isEqualTo(784);
        assertThat(description.path("architecture").path("hidden").asInt()).isEqualTo(500);
        assertThat(description.path("architecture").path("output").asInt()).isEqualTo(10);
        assertThat(description.path("spec").path("runName").asString()).isEqualTo("resumed");
        assertThat(description.path("testAccuracy").asDouble()).isEqualTo(result.test().accuracy());
        assertThat(description.path("step").asLong()).isEqualTo(80);
        assertThat(saved(events)).extracting(CheckpointSaved::step, CheckpointSaved::epoch, CheckpointSaved::finalModel)
                .containsExactly(tuple(30L, 0, false), tuple(60L, 1, false), tuple(80L, 2, true));
        try (Model loaded = Model.newInstance("loaded", Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            loaded.setBlock(MnistNetwork.create(500));
            loaded.load(model, ModelFiles.NAME);
            NDList logits = loaded.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, 784))), false);
            assertThat(logits.singletonOrThrow().getShape()).isEqualTo(new Shape(1, 10));
        }
    }

    private static TrainingResult train(ArtifactStore store, UUID job, int attempt, List<EventPayload> events,
            StopSignal stop) {
        return train(store, job, attempt, Optional.empty(), events, stop);
    }

    private static TrainingResult train(ArtifactStore store, UUID job, int attempt,
            Optional<ArtifactStore.StoredCheckpoint> resumeFrom, List<EventPayload> events, StopSignal stop) {
        return new MnistTraining().train(SPEC, data, Device.cpu(),
                List.of(new TrainingCurveListener(events::add, SPEC.logEverySteps())), stop,
                store.forAttempt(job, attempt, resumeFrom, events::add));
    }

    /** Stops the run before step {@code step}, as a crash there would, once it has checked for every earlier step. */
    private static StopSignal stopBefore(long step) {
        AtomicLong checks = new AtomicLong();
        return () -> checks.getAndIncrement() == step ? Optional.of(StopReason.ABANDONED) : Optional.empty();
    }

    /** A logged point without its wall time, which differs between runs. */
    private record Point(String tag, long step, double value) {
    }

    private static List<Point> points(List<EventPayload> events) {
        return events.stream().filter(ScalarsLogged.class::isInstance).map(ScalarsLogged.class::cast)
                .flatMap(scalars -> scalars.points().stream())
                .map(point -> new Point(point.tag(), point.step(), point.value())).toList();
    }

    private static List<CheckpointSaved> saved(List<EventPayload> events) {
        return events.stream().filter(CheckpointSaved.class::isInstance).map(CheckpointSaved.class::cast).toList();
    }

    private static JobSpec withCheckpoints(JobSpec spec, int every) {
        return new JobSpec(spec.runName(), spec.dataset(), spec.epochs(), spec.batchSize(), spec.learningRate(),
                spec.hiddenSize(), spec.optimizer(), spec.seed(), spec.device(), spec.logEverySteps(),
                spec.trainLimit(), spec.testLimit(), spec.sweep(), every);
    }
}
