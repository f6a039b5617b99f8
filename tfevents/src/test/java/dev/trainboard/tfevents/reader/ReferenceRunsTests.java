package dev.trainboard.tfevents.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainboard.tfevents.UnknownFields;
import dev.trainboard.tfevents.projector.Embeddings;
import dev.trainboard.tfevents.proto.EmbeddingInfo;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.GraphDef;
import dev.trainboard.tfevents.proto.HParamInfo;
import dev.trainboard.tfevents.proto.HParamsPluginData;
import dev.trainboard.tfevents.proto.HParamsStatus;
import dev.trainboard.tfevents.proto.NodeDef;
import dev.trainboard.tfevents.proto.PrCurvePluginData;
import dev.trainboard.tfevents.proto.RunMetadata;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.proto.TensorProto;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The event files PyTorch's own SummaryWriter wrote (copied from shared/tensorboard-reference/runs). */
class ReferenceRunsTests {

    private static final Path LOGDIR = resourceDir("/reference-runs");
    private static final List<String> MNIST_RUNS = List.of("mnist1", "mnist2", "full-mnist-lr0.001",
            "full-mnist-lr0.01");

    @Test
    void findsEveryRunAndReadsEveryFileWithoutAChecksumErrorOrUnknownField() throws Exception {
        List<Path> runs = RunReader.runDirectories(LOGDIR);
        assertThat(runs).extracting(run -> LOGDIR.relativize(run).toString().replace('\\', '/'))
                .containsExactly("extras", "extras/hparams", "full-mnist-lr0.001", "full-mnist-lr0.01", "mnist1",
                        "mnist2");
        for (Path run : runs) {
            for (Path file : RunReader.eventFiles(run)) {
                try (EventFileReader reader = EventFileReader.open(file)) {
                    List<Event> events = reader.readRemaining();
                    assertThat(reader.stoppedAtTruncatedRecord()).isFalse();
                    assertThat(reader.offset()).isEqualTo(Files.size(file));
                    assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
                    for (Event event : events) {
                        assertThat(UnknownFields.in(event)).as("%s", file).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void mnistRunsHoldImageGraphScalarsAndTenPrCurves() throws Exception {
        for (String name : MNIST_RUNS) {
            List<Event> events = RunReader.readRun(LOGDIR.resolve(name));
            // file_version, image, graph, run metadata, two scalars per logging step, ten PR curves.
            assertThat(events.size()).as(name).isEqualTo(name.startsWith("full") ? 4 + 2 * 12 + 10 : 4 + 2 * 8 + 10);
            Map<String, List<Summary.Value>> byTag = valuesByTag(events);
            assertThat(byTag.keySet()).containsExactlyInAnyOrder("mnist_images", "training loss", "accuracy",
                    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            assertThat(byTag.get("training loss")).hasSize(name.startsWith("full") ? 12 : 8);
            assertThat(byTag.get("training loss").get(0).hasMetadata()).isFalse();
        }
    }

    @Test
    void scalarStepsAndValuesMatchTheReferenceTable() throws Exception {
        List<Event> scalars = RunReader.readRun(LOGDIR.resolve("mnist1")).stream()
                .filter(e -> e.hasSummary() && e.getSummary().getValue(0).getTag().equals("training loss"))
                .toList();
        assertThat(scalars).extracting(Event::getStep).containsExactly(9L, 19L, 29L, 39L, 49L, 59L, 69L, 79L);
        assertThat(scalars.get(0).getSummary().getValue(0).getSimpleValue()).isCloseTo(1.8892f, within(1e-4f));
        assertThat(scalars.get(7).getSummary().getValue(0).getSimpleValue()).isCloseTo(0.3686f, within(1e-4f));
    }

    @Test
    void imageIsA242PixelRgbGrid() throws Exception {
        Summary.Value image = valuesByTag(RunReader.readRun(LOGDIR.resolve("mnist1"))).get("mnist_images").get(0);
        assertThat(image.getImage().getWidth()).isEqualTo(242);
        assertThat(image.getImage().getHeight()).isEqualTo(242);
        assertThat(image.getImage().getColorspace()).isEqualTo(3);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.getImage().getEncodedImageString()
                .toByteArray()));
        assertThat(png.getWidth()).isEqualTo(242);
        assertThat(png.getHeight()).isEqualTo(242);
        // make_grid pads with black: the 2-pixel frame and the line between the first two cells.
        assertThat(png.getRGB(0, 0) & 0xffffff).isZero();
        assertThat(png.getRGB(30, 100) & 0xffffff).isZero();
    }

    @Test
    void graphHasTheTutorialsNineNodes() throws Exception {
        List<Event> events = RunReader.readRun(LOGDIR.resolve("mnist1"));
        GraphDef graph = GraphDef.parseFrom(events.stream().filter(Event::hasGraphDef).findFirst().orElseThrow()
                .getGraphDef());
        assertThat(UnknownFields.in(graph)).isEmpty();
        assertThat(graph.getNodeCount()).isEqualTo(9);
        Map<String, Long> ops = graph.getNodeList().stream()
                .collect(Collectors.groupingBy(NodeDef::getOp, Collectors.counting()));
        assertThat(ops).containsExactlyInAnyOrderEntriesOf(Map.of("IO Node", 2L, "prim::GetAttr", 4L,
                "aten::linear", 2L, "aten::relu", 1L));
        NodeDef input = graph.getNodeList().stream().filter(n -> n.getName().equals("input/x")).findFirst()
                .orElseThrow();
        assertThat(input.getAttrOrThrow("_output_shapes").getList().getShape(0).getDimList())
                .extracting(d -> d.getSize()).containsExactly(64L, 784L);
        assertThat(graph.getNodeList()).extracting(NodeDef::getName).contains("FeedForward/Linear[l1]/input.1");
        Event metadata = events.stream().filter(Event::hasTaggedRunMetadata).findFirst().orElseThrow();
        assertThat(metadata.getTaggedRunMetadata().getTag()).isEqualTo("step1");
        RunMetadata runMetadata = RunMetadata.parseFrom(metadata.getTaggedRunMetadata().getRunMetadata());
        assertThat(runMetadata.getStepStats().getDevStats(0).getDevice()).isEqualTo("/device:CPU:0");
    }

    @Test
    void prCurvesAreSixBy127FloatTensors() throws Exception {
        Map<String, List<Summary.Value>> byTag = valuesByTag(RunReader.readRun(LOGDIR.resolve("mnist1")));
        for (int digit = 0; digit < 10; digit++) {
            Summary.Value value = byTag.get(Integer.toString(digit)).get(0);
            assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("pr_curves");
            assertThat(PrCurvePluginData.parseFrom(value.getMetadata().getPluginData().getContent())
                    .getNumThresholds()).isEqualTo(127);
            TensorProto tensor = value.getTensor();
            assertThat(tensor.getTensorShape().getDimList()).extracting(d -> d.getSize()).containsExactly(6L, 127L);
            float[] rows = floats(tensor);
            assertThat(rows).hasSize(6 * 127);
            assertThat(rows[5 * 127]).as("recall at threshold 0").isEqualTo(1.0f);
        }
        float[] classZero = floats(byTag.get("0").get(0).getTensor());
        assertThat(classZero[0]).as("TP at threshold 0").isEqualTo(196f);
        assertThat(classZero[4 * 127]).as("precision at threshold 0").isCloseTo(0.098f, within(1e-6f));
    }

    @Test
    void extrasHoldHistogramsAndText() throws Exception {
        List<Event> events = RunReader.readRun(LOGDIR.resolve("extras"));
        Map<String, List<Summary.Value>> byTag = valuesByTag(events);
        for (String tag : List.of("l1.weight", "l1.bias", "l2.weight", "l2.bias")) {
            assertThat(byTag.get(tag)).hasSize(3);
            assertThat(byTag.get(tag).get(0).getHisto().getBucketCount()).isEqualTo(30);
        }
        assertThat(byTag.get("l1.weight").get(0).getHisto().getNum()).isEqualTo(392_000);
        Summary.Value text = byTag.get("notes/text_summary").get(0);
        assertThat(text.getMetadata().getPluginData().getPluginName()).isEqualTo("text");
        assertThat(text.getTensor().getTensorShape().getDim(0).getSize()).isEqualTo(1);
        assertThat(text.getTensor().getStringVal(0).toStringUtf8()).contains("**extras**");
    }

    @Test
    void hparamsSubRunHoldsExperimentSessionAndMetrics() throws Exception {
        Map<String, List<Summary.Value>> byTag = valuesByTag(RunReader.readRun(LOGDIR.resolve("extras/hparams")));
        HParamsPluginData experiment = hparams(byTag, "_hparams_/experiment");
        assertThat(experiment.getExperiment().getHparamInfosList()).extracting(HParamInfo::getName)
                .containsExactlyInAnyOrder("lr", "batch_size", "hidden_size", "optimizer");
        assertThat(experiment.getExperiment().getMetricInfosList()).extracting(m -> m.getName().getTag())
                .containsExactlyInAnyOrder("hparam/accuracy", "hparam/loss");
        HParamsPluginData start = hparams(byTag, "_hparams_/session_start_info");
        assertThat(start.getSessionStartInfo().getHparamsMap().get("lr").getNumberValue()).isEqualTo(0.001);
        assertThat(start.getSessionStartInfo().getHparamsMap().get("optimizer").getStringValue()).isEqualTo("adam");
        assertThat(hparams(byTag, "_hparams_/session_end_info").getSessionEndInfo().getStatus())
                .isEqualTo(HParamsStatus.STATUS_SUCCESS);
        assertThat(byTag.get("hparam/accuracy").get(0).getSimpleValue()).isEqualTo(0.875f);
        assertThat(byTag.get("hparam/loss").get(0).getSimpleValue()).isCloseTo(0.4207f, within(1e-4f));
    }

    @Test
    void projectorConfigPointsAtTheEmbeddingFiles() throws Exception {
        Path run = LOGDIR.resolve("extras");
        EmbeddingInfo embedding = Embeddings.readConfig(run).getEmbeddings(0);
        assertThat(embedding.getTensorName()).isEqualTo("mnist_test_100:00000");
        assertThat(embedding.getSprite().getSingleImageDimList()).containsExactly(28, 28);
        List<String> lines = Files.readAllLines(run.resolve(embedding.getTensorPath()));
        assertThat(lines).hasSize(100);
        assertThat(lines.get(0).split("\t")).hasSize(784);
        assertThat(Files.readAllLines(run.resolve(embedding.getMetadataPath()))).hasSize(100);
        BufferedImage sprite = ImageIO.read(run.resolve(embedding.getSprite().getImagePath()).toFile());
        assertThat(sprite.getWidth()).isEqualTo(280);
        assertThat(sprite.getHeight()).isEqualTo(280);
    }

    static Map<String, List<Summary.Value>> valuesByTag(List<Event> events) {
        return events.stream()
                .filter(Event::hasSummary)
                .flatMap(e -> e.getSummary().getValueList().stream())
                .collect(Collectors.groupingBy(Summary.Value::getTag, Collectors.mapping(Function.identity(),
                        Collectors.toList())));
    }

    private static HParamsPluginData hparams(Map<String, List<Summary.Value>> byTag, String tag) throws Exception {
        Summary.Value value = byTag.get(tag).get(0);
        assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("hparams");
        return HParamsPluginData.parseFrom(value.getMetadata().getPluginData().getContent());
    }

    private static float[] floats(TensorProto tensor) {
        if (!tensor.getTensorContent().isEmpty()) {
            java.nio.FloatBuffer buffer = tensor.getTensorContent().asReadOnlyByteBuffer()
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatValCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatVal(i);
        }
        return values;
    }

    private static Path resourceDir(String name) {
        try {
            return Path.of(ReferenceRunsTests.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
