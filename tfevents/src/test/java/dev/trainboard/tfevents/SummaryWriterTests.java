package dev.trainboard.tfevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.HParamsPluginData;
import dev.trainboard.tfevents.proto.HParamsStatus;
import dev.trainboard.tfevents.proto.SessionLog;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.reader.EventFileReader;
import dev.trainboard.tfevents.reader.RunReader;
import dev.trainboard.tfevents.summary.Histogram;
import dev.trainboard.tfevents.summary.Pixels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTests {

    @TempDir
    Path logDir;

    @Test
    void roundTripsEverySummaryKindThroughOurReader() throws Exception {
        Path file = GoldenRun.write(logDir.resolve("run"));
        List<Event> events = EventFileReader.readAll(file);
        assertThat(events).hasSize(GoldenRun.KINDS.size());
        assertThat(events.get(2).getSummary().getValue(0).getSimpleValue()).isEqualTo(0.25f);
        assertThat(events.get(3).getSummary().getValue(0).getImage().getEncodedImageString().toByteArray())
                .isEqualTo(GoldenRun.tinyPng());
        assertThat(events.get(4).getSummary().getValue(0).getHisto().getNum()).isEqualTo(3);
        assertThat(events.get(5).getSummary().getValue(0).getTensor().getFloatValCount()).isEqualTo(30);
        assertThat(events.get(6).getSummary().getValue(0).getTag()).isEqualTo("notes/text_summary");
        assertThat(events.get(7).hasGraphDef()).isTrue();
        assertThat(events).extracting(Event::getWallTime).isSorted();
    }

    @Test
    void aNewAttemptGetsALaterSortingFileThatStartsWithARestartMarker() throws Exception {
        Path run = logDir.resolve("run");
        try (SummaryWriter first = SummaryWriter.builder(run).fileSequence(1).open()) {
            first.addScalar("loss", 1.0, 100, 10.0);
        }
        try (SummaryWriter second = SummaryWriter.builder(run).fileSequence(2).restartAt(50).startWallTime(20.0)
                .open()) {
            second.addScalar("loss", 0.5, 60, 21.0);
        }
        List<Path> files = RunReader.eventFiles(run);
        assertThat(files).hasSize(2);
        assertThat(files.get(0).getFileName().toString()).endsWith(".000001");
        assertThat(files.get(1).getFileName().toString()).endsWith(".000002");
        List<Event> second = EventFileReader.readAll(files.get(1));
        assertThat(second.get(0).getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(second.get(1).getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
        assertThat(second.get(1).getStep()).isEqualTo(50);
        assertThat(second.get(1).getWallTime()).isEqualTo(20.0);
        assertThat(RunReader.readRun(run)).filteredOn(Event::hasSummary).extracting(Event::getStep)
                .containsExactly(100L, 60L);
    }

    @Test
    void scalarsInOneEventOrGroupedInChildRunsLikePyTorch() throws Exception {
        Path run = logDir.resolve("run");
        try (SummaryWriter writer = SummaryWriter.open(run)) {
            writer.addScalars(Map.of("a", 1.0, "b", 2.0), 3, 4.0);
            writer.addScalars("lr/x", Map.of("train", 0.1, "eval", 0.2), 3, 4.0);
        }
        Event both = RunReader.readRun(run).get(1);
        assertThat(both.getSummary().getValueList()).extracting(Summary.Value::getTag)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(RunReader.runDirectories(logDir)).extracting(p -> logDir.relativize(p).toString())
                .containsExactly("run", "run/lr_x_eval", "run/lr_x_train");
        Event train = RunReader.readRun(run.resolve("lr_x_train")).get(1);
        assertThat(train.getSummary().getValue(0).getTag()).isEqualTo("lr/x");
        assertThat(train.getSummary().getValue(0).getSimpleValue()).isEqualTo(0.1f);
    }

    @Test
    void hparamsGoIntoTheRunItselfWithTheirMetricsAsScalars() throws Exception {
        Path run = logDir.resolve("run");
        try (SummaryWriter writer = SummaryWriter.open(run)) {
            writer.addHparams(Map.of("lr", 0.1), Map.of("hparam/loss", 0.3), HParamsStatus.STATUS_FAILURE, 9, 1.0);
        }
        assertThat(RunReader.runDirectories(logDir)).containsExactly(run);
        List<Event> events = RunReader.readRun(run);
        Summary.Value end = events.get(1).getSummary().getValue(2);
        assertThat(HParamsPluginData.parseFrom(end.getMetadata().getPluginData().getContent()).getSessionEndInfo()
                .getStatus()).isEqualTo(HParamsStatus.STATUS_FAILURE);
        assertThat(events.get(2).getSummary().getValue(0).getTag()).isEqualTo("hparam/loss");
        assertThat(events.get(2).getStep()).isEqualTo(9);
    }

    @Test
    void hparamsSessionAloneWritesNoMetricScalars() throws Exception {
        Path run = logDir.resolve("run");
        try (SummaryWriter writer = SummaryWriter.open(run)) {
            writer.addScalar("hparam/loss", 0.3f, 9, 1.0);
            writer.addHparamsSession(Map.of("lr", 0.1), List.of("hparam/loss"), HParamsStatus.STATUS_SUCCESS, 9, 1.0);
        }
        List<Event> events = RunReader.readRun(run);
        List<String> tags = events.stream().filter(Event::hasSummary)
                .flatMap(e -> e.getSummary().getValueList().stream()).map(Summary.Value::getTag).toList();
        assertThat(tags).containsExactly("hparam/loss", "_hparams_/experiment", "_hparams_/session_start_info",
                "_hparams_/session_end_info");
        Summary.Value experiment = events.get(2).getSummary().getValue(0);
        assertThat(HParamsPluginData.parseFrom(experiment.getMetadata().getPluginData().getContent()).getExperiment()
                .getMetricInfos(0).getName().getTag()).isEqualTo("hparam/loss");
    }

    @Test
    void imagesFromPixelsAndGridsAndPrecomputedHistograms() throws Exception {
        Path run = logDir.resolve("run");
        List<Pixels> digits = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            digits.add(Pixels.ofHwc(28, 28, 1, new byte[28 * 28]));
        }
        try (SummaryWriter writer = SummaryWriter.open(run)) {
            writer.addImage("one", Pixels.ofHwc(3, 5, 3, new byte[45]), 0, 1.0);
            writer.addImageGrid("grid", digits, 0, 1.0);
            writer.addHistogram("h", new Histogram(0, 1, 2, 1, 1, new double[] {1}, new double[] {2}), 0, 1.0);
        }
        List<Event> events = RunReader.readRun(run);
        Summary.Image one = events.get(1).getSummary().getValue(0).getImage();
        assertThat(List.of(one.getWidth(), one.getHeight(), one.getColorspace())).containsExactly(5, 3, 3);
        Summary.Image grid = events.get(2).getSummary().getValue(0).getImage();
        assertThat(List.of(grid.getWidth(), grid.getHeight())).containsExactly(242, 242);
        assertThat(events.get(3).getSummary().getValue(0).getHisto().getBucketList()).containsExactly(2.0);
    }

    @Test
    void flushMakesEventsVisibleWhileTheWriterIsOpen() throws Exception {
        try (SummaryWriter writer = SummaryWriter.builder(logDir.resolve("run")).flushInterval(Duration.ofHours(1))
                .open()) {
            writer.addScalar("loss", 1.0, 1, 1.0);
            writer.flush();
            assertThat(EventFileReader.readAll(writer.file())).hasSize(2);
        }
    }

    @Test
    void badInputIsRejectedBeforeAnythingIsQueued() throws Exception {
        try (SummaryWriter writer = SummaryWriter.open(logDir.resolve("run"))) {
            assertThatThrownBy(() -> writer.addScalar("loss", 1, -1, 1)).hasMessageContaining("step");
            assertThatThrownBy(() -> writer.addImage("img", new byte[] {1, 2, 3}, 0, 1))
                    .hasMessageContaining("not a PNG");
            assertThatThrownBy(() -> writer.addHparams(Map.of("x", new Object()), Map.of(), 0, 1))
                    .hasMessageContaining("x");
            writer.flush();
            assertThat(EventFileReader.readAll(writer.file())).hasSize(1);
        }
        assertThatThrownBy(() -> SummaryWriter.builder(logDir).restartAt(-1)).hasMessageContaining("restart");
    }

    @Test
    void severalThreadsSharingOneWriterLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        Path file;
        try (SummaryWriter writer = SummaryWriter.builder(logDir.resolve("run")).queueCapacity(256).open()) {
            file = writer.file();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String tag = "thread" + t;
                done.add(pool.submit(() -> {
                    for (int step = 0; step < perThread; step++) {
                        writer.addScalar(tag, step, step, 1.0 + step);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        List<Event> events;
        try (EventFileReader reader = EventFileReader.open(file)) {
            events = reader.readRemaining();
            assertThat(reader.stoppedAtTruncatedRecord()).isFalse();
            assertThat(reader.offset()).isEqualTo(Files.size(file));
        }
        assertThat(events).hasSize(1 + threads * perThread);
        // Each thread's events arrive complete, in its own order, with their values.
        long[] nextStep = new long[threads];
        List<String> wrong = new ArrayList<>();
        for (Event event : events.subList(1, events.size())) {
            Summary.Value value = event.getSummary().getValue(0);
            int t = Integer.parseInt(value.getTag().substring("thread".length()));
            if (event.getStep() != nextStep[t] || value.getSimpleValue() != (float) event.getStep()) {
                wrong.add(value.getTag() + " step " + event.getStep() + " expected " + nextStep[t]);
            }
            nextStep[t]++;
        }
        assertThat(wrong).isEmpty();
        assertThat(nextStep).containsOnly(perThread);
    }

    @Test
    void writingAfterCloseFails() throws Exception {
        SummaryWriter writer = SummaryWriter.open(logDir.resolve("run"));
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.addScalar("loss", 1, 1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
