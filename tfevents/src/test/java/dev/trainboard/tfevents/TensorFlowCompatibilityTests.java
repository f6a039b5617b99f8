package dev.trainboard.tfevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.tfevents.proto.HParamsPluginData;
import dev.trainboard.tfevents.proto.PrCurvePluginData;
import dev.trainboard.tfevents.record.RecordReader;
import dev.trainboard.tfevents.summary.Histograms;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.TensorProto;

/** Our records parsed by TensorFlow's own generated classes (tensorflow-core-native), field by field. */
class TensorFlowCompatibilityTests {

    @TempDir
    Path dir;

    private List<Event> events;

    @BeforeEach
    void parseTheGoldenRunWithTensorFlow() throws Exception {
        Path file = GoldenRun.write(dir.resolve("run"));
        events = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            RecordReader records = new RecordReader(in, file.toString());
            for (byte[] data = records.next(); data != null; data = records.next()) {
                events.add(Event.parseFrom(data));
            }
        }
        assertThat(events).hasSize(GoldenRun.KINDS.size());
    }

    @Test
    void tensorFlowKnowsEveryFieldWeWrite() throws Exception {
        for (Event event : events) {
            assertThat(UnknownFields.in(event)).isEmpty();
        }
        assertThat(UnknownFields.in(GraphDef.parseFrom(event("graph").getGraphDef()))).isEmpty();
    }

    @Test
    void fileVersionAndRestartMarker() {
        assertThat(event("file_version").getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(event("file_version").getWallTime()).isEqualTo(GoldenRun.START);
        assertThat(event("session_log").getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
        assertThat(event("session_log").getStep()).isZero();
    }

    @Test
    void scalar() {
        Event scalar = event("scalar");
        assertThat(scalar.getWallTime()).isEqualTo(GoldenRun.START + 0.5);
        assertThat(scalar.getStep()).isEqualTo(1);
        Summary.Value value = scalar.getSummary().getValue(0);
        assertThat(value.getTag()).isEqualTo("loss");
        assertThat(value.getSimpleValue()).isEqualTo(0.25f);
    }

    @Test
    void image() throws Exception {
        Summary.Image image = event("image").getSummary().getValue(0).getImage();
        assertThat(image.getWidth()).isEqualTo(2);
        assertThat(image.getHeight()).isEqualTo(2);
        assertThat(image.getColorspace()).isEqualTo(3);
        assertThat(image.getEncodedImageString().toByteArray()).isEqualTo(GoldenRun.tinyPng());
    }

    @Test
    void histogram() {
        HistogramProto histo = event("histogram").getSummary().getValue(0).getHisto();
        var expected = Histograms.fromValues(new double[] {0.5, 1.0, 1.5});
        assertThat(histo.getMin()).isEqualTo(0.5);
        assertThat(histo.getMax()).isEqualTo(1.5);
        assertThat(histo.getNum()).isEqualTo(3);
        assertThat(histo.getSum()).isEqualTo(3.0);
        assertThat(histo.getSumSquares()).isEqualTo(3.5);
        assertThat(histo.getBucketLimitList()).containsExactly(box(expected.bucketLimits()));
        assertThat(histo.getBucketList()).containsExactly(box(expected.bucketCounts()));
    }

    @Test
    void prCurve() throws Exception {
        Summary.Value value = event("pr_curve").getSummary().getValue(0);
        assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("pr_curves");
        assertThat(PrCurvePluginData.parseFrom(value.getMetadata().getPluginData().getContent()).getNumThresholds())
                .isEqualTo(5);
        TensorProto tensor = value.getTensor();
        assertThat(tensor.getDtype()).isEqualTo(org.tensorflow.proto.DataType.DT_FLOAT);
        assertThat(tensor.getTensorShape().getDimList()).extracting(d -> d.getSize()).containsExactly(6L, 5L);
        assertThat(tensor.getFloatValList().subList(0, 5)).containsExactly(3f, 3f, 2f, 1f, 0f);
        assertThat(tensor.getFloatValList().subList(25, 30)).containsExactly(1f, 1f, 2f / 3, 1f / 3, 0f);
    }

    @Test
    void text() {
        Summary.Value value = event("text").getSummary().getValue(0);
        assertThat(value.getTag()).isEqualTo("notes/text_summary");
        assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("text");
        assertThat(value.getTensor().getDtype()).isEqualTo(org.tensorflow.proto.DataType.DT_STRING);
        assertThat(value.getTensor().getStringVal(0).toStringUtf8()).isEqualTo("**hello**");
    }

    @Test
    void graph() throws Exception {
        GraphDef graph = GraphDef.parseFrom(event("graph").getGraphDef());
        assertThat(graph.getVersions().getProducer()).isEqualTo(22);
        assertThat(graph.getNodeList()).extracting(NodeDef::getName).containsExactly("input/x", "Net/Linear[fc]/out");
        NodeDef linear = graph.getNode(1);
        assertThat(linear.getOp()).isEqualTo("aten::linear");
        assertThat(linear.getInputList()).containsExactly("input/x");
        assertThat(linear.getAttrOrThrow("attr").getS().toStringUtf8()).isEqualTo("{}");
        assertThat(linear.getAttrOrThrow("_output_shapes").getList().getShape(0).getDimList())
                .extracting(d -> d.getSize()).containsExactly(2L, 1L);
    }

    @Test
    void hparamsAndTheirMetric() throws Exception {
        List<Summary.Value> values = event("hparams").getSummary().getValueList();
        assertThat(values).extracting(Summary.Value::getTag).containsExactly("_hparams_/experiment",
                "_hparams_/session_start_info", "_hparams_/session_end_info");
        HParamsPluginData start = HParamsPluginData.parseFrom(values.get(1).getMetadata().getPluginData().getContent());
        assertThat(start.getSessionStartInfo().getHparamsMap().get("optimizer").getStringValue()).isEqualTo("adam");
        assertThat(values.get(0).getTensor().getTensorShape().getDim(0).getSize()).isZero();
        Summary.Value metric = event("hparams_metrics").getSummary().getValue(0);
        assertThat(metric.getTag()).isEqualTo("hparam/accuracy");
        assertThat(metric.getSimpleValue()).isEqualTo(0.5f);
        assertThat(event("hparams_metrics").getStep()).isEqualTo(7);
    }

    private Event event(String kind) {
        return events.get(GoldenRun.KINDS.indexOf(kind));
    }

    private static Double[] box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}
