package dev.trainboard.tfevents.summary;

import com.google.protobuf.Value;
import dev.trainboard.tfevents.proto.DataType;
import dev.trainboard.tfevents.proto.Experiment;
import dev.trainboard.tfevents.proto.HParamDataType;
import dev.trainboard.tfevents.proto.HParamInfo;
import dev.trainboard.tfevents.proto.HParamsPluginData;
import dev.trainboard.tfevents.proto.HParamsStatus;
import dev.trainboard.tfevents.proto.MetricInfo;
import dev.trainboard.tfevents.proto.MetricName;
import dev.trainboard.tfevents.proto.SessionEndInfo;
import dev.trainboard.tfevents.proto.SessionStartInfo;
import dev.trainboard.tfevents.proto.Summary;
import dev.trainboard.tfevents.proto.TensorProto;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The three summaries of TensorBoard's hparams plugin. Written into a training run itself, they make that
 * run one session of the hparams table: the experiment (which columns exist), the session's hyperparameter
 * values, and its end status. Metrics are the run's scalar series whose tags the experiment lists.
 */
public final class HParams {

    public static final String PLUGIN_NAME = "hparams";
    public static final String EXPERIMENT_TAG = "_hparams_/experiment";
    public static final String SESSION_START_TAG = "_hparams_/session_start_info";
    public static final String SESSION_END_TAG = "_hparams_/session_end_info";

    private HParams() {
    }

    /**
     * Experiment, session start and session end values, in that order.
     *
     * @param hparams    values: {@link Number}, {@link Boolean} or {@link String}
     * @param metricTags scalar tags holding the session's metrics
     * @throws IllegalArgumentException for a value of another type
     */
    public static List<Summary.Value> values(Map<String, ?> hparams, Iterable<String> metricTags, HParamsStatus status,
                                             double wallTime) {
        Map<String, ?> sorted = new TreeMap<>(hparams);
        Experiment.Builder experiment = Experiment.newBuilder();
        SessionStartInfo.Builder start = SessionStartInfo.newBuilder().setStartTimeSecs(wallTime);
        sorted.forEach((name, value) -> {
            experiment.addHparamInfos(HParamInfo.newBuilder().setName(name).setType(typeOf(name, value)));
            start.putHparams(name, protoValue(value));
        });
        for (String tag : metricTags) {
            experiment.addMetricInfos(MetricInfo.newBuilder().setName(MetricName.newBuilder().setTag(tag)));
        }
        return List.of(
                value(EXPERIMENT_TAG, HParamsPluginData.newBuilder().setExperiment(experiment).build()),
                value(SESSION_START_TAG, HParamsPluginData.newBuilder().setSessionStartInfo(start).build()),
                value(SESSION_END_TAG, HParamsPluginData.newBuilder()
                        .setSessionEndInfo(SessionEndInfo.newBuilder().setStatus(status).setEndTimeSecs(wallTime))
                        .build()));
    }

    private static Summary.Value value(String tag, HParamsPluginData content) {
        // The empty DT_FLOAT tensor is what TensorBoard's own writer stores; the metadata carries the data.
        return Summary.Value.newBuilder()
                .setTag(tag)
                .setMetadata(PluginMetadata.of(PLUGIN_NAME, content))
                .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(Tensors.shape(0)))
                .build();
    }

    private static HParamDataType typeOf(String name, Object value) {
        if (value instanceof Boolean) {
            return HParamDataType.DATA_TYPE_BOOL;
        }
        if (value instanceof Number) {
            return HParamDataType.DATA_TYPE_FLOAT64;
        }
        if (value instanceof String) {
            return HParamDataType.DATA_TYPE_STRING;
        }
        throw new IllegalArgumentException("hyperparameter " + name + " must be a number, boolean or string, was "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static Value protoValue(Object value) {
        if (value instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (value instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        return Value.newBuilder().setStringValue((String) value).build();
    }
}
