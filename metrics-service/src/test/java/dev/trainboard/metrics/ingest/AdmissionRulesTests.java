package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.events.EmbeddingLogged;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.Png;
import jakarta.validation.Validation;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The payload-level rules and the job-level rules of admission, without a database. */
class AdmissionRulesTests {

    private static final UUID JOB = UUID.randomUUID();
    private static final double WALL = 1.8e9;

    private final EventValidator validator =
            new EventValidator(Validation.buildDefaultValidatorFactory().getValidator(), IngestLimits.defaults());

    @Test
    void tagNamesMustSuitTensorBoardAndTheFileLayer() {
        for (String good : List.of("loss", "training loss", "pr/3", "SequentialBlock/01Linear/weight", "ünï ✓", "a.b")) {
            assertThatCode(() -> TagNames.check("tag", good)).as(good).doesNotThrowAnyException();
        }
        for (String bad : List.of("..", ".", "../x", "a/../b", "/x", "x/", "a//b", "a\\b", "new\nline", "nul\0",
                "x".repeat(81), "_hparams_/experiment", "\uD800 lone")) {
            assertThatThrownBy(() -> TagNames.check("tag", bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidEventException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.TAG_NAME));
        }
    }

    @Test
    void metricValuesMayBeNanOrInfiniteButOtherNumbersMustBeFinite() {
        assertThatCode(() -> check(new ScalarsLogged(List.of(new ScalarPoint("loss", 1, WALL, Double.NaN),
                new ScalarPoint("loss", 2, WALL, Double.POSITIVE_INFINITY)))))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(JobStatusChanged.succeeded(Map.of("test loss", Double.NaN))))
                .doesNotThrowAnyException();
        assertReason(new ScalarsLogged(List.of(new ScalarPoint("loss", 1, Double.NaN, 1))), RejectReason.NON_FINITE);
        assertReason(new HistogramLogged("h", 0, WALL, Double.NaN, 1, 1, 1, 1, List.of(1.0), List.of(1.0)),
                RejectReason.NON_FINITE);
        assertReason(new HParamsLogged(Map.of("lr", Double.POSITIVE_INFINITY), Map.of(), "SUCCESS"),
                RejectReason.NON_FINITE);
        assertReason(new EmbeddingLogged("e", 0, List.of(List.of(Float.NaN)), List.of("a"), null, 0),
                RejectReason.NON_FINITE);
    }

    @Test
    void sizesAreBoundedBeforeAnythingIsDecoded() {
        byte[] bomb = Png.encode(Pixels.ofHwc(1, 1, 3, new byte[3]));
        ByteBuffer.wrap(bomb).putInt(16, 100_000).putInt(20, 100_000);
        assertReason(new EmbeddingLogged("e", 0, List.of(List.of(1f)), List.of("a"), bomb, 1), RejectReason.SIZE);
        assertReason(new ImageLogged("i", 0, WALL, 1, 1, 3, bomb), RejectReason.SIZE);
        assertReason(new TextLogged("t", 0, WALL, "x".repeat(100_001)), RejectReason.SIZE);
        assertReason(new EmbeddingLogged("e", 100_000, List.of(List.of(1f)), List.of("a"), null, 0), RejectReason.STEP);
        assertReason(new TextLogged("t", 0, WALL, "lone \uDC00"), RejectReason.CONTRACT);
    }

    @Test
    void aLaterAttemptTakesOverAndAnEarlierOneIsRefused() {
        RunState run = run(JobStatus.QUEUED, 0, null, null);
        assertReason(() -> run.requireCurrent(1, 0, 1), RejectReason.NOT_STARTED);
        assertThat(run.admitStatus(JobStatus.RUNNING, 1, 0, 2, 100)).isNull();
        run.requireCurrent(1, 0, 3);
        // A trainer running the job again after a crash reports RUNNING of a later attempt.
        assertThat(run.admitStatus(JobStatus.RUNNING, 2, 0, 4, 100)).isNull();
        assertReason(() -> run.requireCurrent(1, 0, 5), RejectReason.ATTEMPT);
        assertReason(() -> run.admitStatus(JobStatus.SUCCEEDED, 1, 0, 6, 100), RejectReason.ATTEMPT);
        assertReason(() -> run.admitStatus(JobStatus.QUEUED, 3, 0, 7, 100), RejectReason.ATTEMPT);
        assertReason(() -> run.admitStatus(JobStatus.RUNNING, 101, 0, 8, 100), RejectReason.ATTEMPT);
        // The same status again is a redelivery: admitted, and the store leaves the row alone.
        assertThat(run.admitStatus(JobStatus.RUNNING, 2, 0, 9, 100)).isNull();
    }

    @Test
    void afterTheEndOnlyRecordsReadBeforeItPass() {
        RunState run = run(JobStatus.RUNNING, 1, null, null);
        assertThat(run.admitStatus(JobStatus.SUCCEEDED, 1, 2, 40, 100))
                .isEqualTo(new RunState.Finish(JOB, 2, 40));
        // What the trainer sent while finishing, read again after a crash, is before the end on the same partition.
        assertThatCode(() -> run.requireCurrent(1, 2, 39)).doesNotThrowAnyException();
        assertThatCode(() -> run.admitStatus(JobStatus.RUNNING, 1, 2, 10, 100)).doesNotThrowAnyException();
        assertReason(() -> run.requireCurrent(1, 2, 41), RejectReason.TERMINAL);
        assertReason(() -> run.requireCurrent(1, 1, 39), RejectReason.TERMINAL);
        assertReason(() -> run.admitStatus(JobStatus.RUNNING, 2, 2, 42, 100), RejectReason.TERMINAL);
        RunState finishedLongAgo = run(JobStatus.SUCCEEDED, 1, null, null);
        assertReason(() -> finishedLongAgo.requireCurrent(1, 0, 0), RejectReason.TERMINAL);
    }

    @Test
    void aTagKeepsItsFirstPlugin() {
        RunState run = run(JobStatus.RUNNING, 1, null, null);
        assertThat(run.claim(Map.of("loss", PluginKind.SCALARS))).hasSize(1);
        assertThat(run.claim(Map.of("loss", PluginKind.SCALARS))).isEmpty();
        assertReason(() -> run.claim(Map.of("loss", PluginKind.IMAGES)), RejectReason.TAG_KIND);
    }

    @Test
    void theStepRangeComesFromTheSpec() {
        assertThat(RunState.lastStep(JobSpec.tutorial("t"))).isEqualTo(1200);
        JobSpec small = new JobSpec("s", JobSpec.tutorial("s").dataset(), 3, 64, 0.1, 10,
                JobSpec.tutorial("s").optimizer(), 1, JobSpec.tutorial("s").device(), 1, 1000, 100, null, null);
        assertThat(RunState.lastStep(small)).isEqualTo(3 * 16);
    }

    private static RunState run(JobStatus status, int attempt, Integer partition, Long offset) {
        return new RunState(JOB, status, attempt, JobSpec.tutorial("r"), partition, offset, new HashMap<>());
    }

    private void check(EventPayload payload) {
        validator.check(JOB.toString(), EventEnvelope.of(JOB, 1, payload));
    }

    private void assertReason(EventPayload payload, RejectReason reason) {
        assertReason(() -> check(payload), reason);
    }

    private static void assertReason(Runnable admission, RejectReason reason) {
        assertThatThrownBy(admission::run).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
