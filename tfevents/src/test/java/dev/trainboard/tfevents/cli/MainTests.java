package dev.trainboard.tfevents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.reader.RunReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void demoWritesARunWithEverySummaryKind() throws Exception {
        assertThat(run("demo", dir.toString())).isZero();
        Path demo = dir.resolve("demo");
        List<Event> events = RunReader.readRun(demo);
        List<Summary.Value> values = events.stream().filter(Event::hasSummary)
                .flatMap(e -> e.getSummary().getValueList().stream()).toList();
        Set<Summary.Value.ValueCase> kinds = values.stream().map(Summary.Value::getValueCase)
                .collect(Collectors.toSet());
        assertThat(kinds).contains(Summary.Value.ValueCase.SIMPLE_VALUE, Summary.Value.ValueCase.IMAGE,
                Summary.Value.ValueCase.HISTO, Summary.Value.ValueCase.TENSOR);
        Set<String> plugins = values.stream().filter(Summary.Value::hasMetadata)
                .map(v -> v.getMetadata().getPluginData().getPluginName()).collect(Collectors.toSet());
        assertThat(plugins).containsExactlyInAnyOrder("pr_curves", "text", "hparams");
        assertThat(events).anyMatch(Event::hasGraphDef);
        assertThat(values).filteredOn(v -> v.getValueCase() == Summary.Value.ValueCase.IMAGE)
                .allSatisfy(v -> assertThat(v.getImage().getWidth()).isEqualTo(242));
        assertThat(demo.resolve("projector_config.pbtxt")).exists();
        assertThat(RunReader.runDirectories(dir)).hasSize(3);
    }

    @Test
    void dumpPrintsOneLinePerEvent() throws Exception {
        run("demo", dir.toString());
        Path file = RunReader.eventFiles(dir.resolve("demo")).get(0);
        out.reset();
        assertThat(run("dump", file.toString())).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("file_version=brain.Event:2", "session_log=START", "graph_def nodes=9",
                "tag=training loss simple_value=", "image=242x242 colorspace=3", "plugin=pr_curves tensor=DT_FLOAT[6,127]",
                "tag=notes/text_summary plugin=text tensor=DT_STRING[1]");
        assertThat(text.lines().count()).isEqualTo(1 + RunReader.readRun(dir.resolve("demo")).size());
    }

    @Test
    void dumpReportsATruncatedTailAndACorruptRecordWithItsOffset() throws Exception {
        run("demo", dir.toString());
        Path file = RunReader.eventFiles(dir.resolve("demo")).get(0);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("events.out.tfevents.truncated"),
                Arrays.copyOf(bytes, bytes.length - 3));
        assertThat(run("dump", truncated.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("# truncated record at byte offset");

        bytes[60] ^= 0x10;
        Path corrupt = Files.write(dir.resolve("events.out.tfevents.corrupt"), bytes);
        assertThat(run("dump", corrupt.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("corrupt record at byte offset");
    }

    @Test
    void wrongArgumentsPrintUsage() {
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage");
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
