package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.trainboard.tfevents.proto.HParamDataType;
import dev.trainboard.tfevents.proto.HParamInfo;
import dev.trainboard.tfevents.proto.HParamsPluginData;
import dev.trainboard.tfevents.proto.HParamsStatus;
import dev.trainboard.tfevents.proto.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HParamsTests {

    @Test
    void writesExperimentSessionStartAndSessionEnd() throws Exception {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("lr", 0.01);
        hparams.put("batch_size", 100);
        hparams.put("optimizer", "adam");
        hparams.put("shuffle", true);
        List<Summary.Value> values = HParams.values(hparams, List.of("hparam/accuracy", "hparam/loss"),
                HParamsStatus.STATUS_SUCCESS, 1234.5);
        assertThat(values).extracting(Summary.Value::getTag).containsExactly("_hparams_/experiment",
                "_hparams_/session_start_info", "_hparams_/session_end_info");
        for (Summary.Value value : values) {
            assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("hparams");
        }

        HParamsPluginData experiment = content(values.get(0));
        assertThat(experiment.getExperiment().getHparamInfosList()).extracting(HParamInfo::getName, HParamInfo::getType)
                .containsExactly(
                        tuple("batch_size", HParamDataType.DATA_TYPE_FLOAT64),
                        tuple("lr", HParamDataType.DATA_TYPE_FLOAT64),
                        tuple("optimizer", HParamDataType.DATA_TYPE_STRING),
                        tuple("shuffle", HParamDataType.DATA_TYPE_BOOL));
        assertThat(experiment.getExperiment().getMetricInfosList()).extracting(m -> m.getName().getTag())
                .containsExactly("hparam/accuracy", "hparam/loss");

        HParamsPluginData start = content(values.get(1));
        assertThat(start.getSessionStartInfo().getHparamsMap().get("lr").getNumberValue()).isEqualTo(0.01);
        assertThat(start.getSessionStartInfo().getHparamsMap().get("batch_size").getNumberValue()).isEqualTo(100);
        assertThat(start.getSessionStartInfo().getHparamsMap().get("optimizer").getStringValue()).isEqualTo("adam");
        assertThat(start.getSessionStartInfo().getHparamsMap().get("shuffle").getBoolValue()).isTrue();
        assertThat(start.getSessionStartInfo().getStartTimeSecs()).isEqualTo(1234.5);

        HParamsPluginData end = content(values.get(2));
        assertThat(end.getSessionEndInfo().getStatus()).isEqualTo(HParamsStatus.STATUS_SUCCESS);
        assertThat(end.getSessionEndInfo().getEndTimeSecs()).isEqualTo(1234.5);
    }

    @Test
    void rejectsValuesOfOtherTypesNamingTheHyperparameter() {
        assertThatThrownBy(() -> HParams.values(Map.of("layers", List.of(1, 2)), List.of(),
                HParamsStatus.STATUS_SUCCESS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers");
    }

    private static HParamsPluginData content(Summary.Value value) throws Exception {
        return HParamsPluginData.parseFrom(value.getMetadata().getPluginData().getContent());
    }
}
