package dev.trainboard.trainer.metrics;

import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.trainer.data.LabeledImages;
import dev.trainboard.trainer.training.TestEvaluation;
import dev.trainboard.trainer.training.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The events that describe a job as a whole: its spec as text before training, its results after. */
public final class JobReport {

    public static final String SPEC_TAG = "job spec";
    public static final String TEST_ACCURACY_TAG = "test accuracy";
    public static final String TEST_LOSS_TAG = "test loss";

    private JobReport() {
    }

    /** A markdown table of the spec, for the text tab. */
    public static TextLogged specText(JobSpec spec) {
        StringBuilder markdown = new StringBuilder("| setting | value |\n|---|---|\n");
        hparams(spec).forEach((name, value) -> markdown.append("| ").append(name).append(" | ").append(value)
                .append(" |\n"));
        markdown.append("| device | ").append(spec.device().wireName()).append(" |\n")
                .append("| log every steps | ").append(spec.logEverySteps()).append(" |\n")
                .append("| train limit | ").append(spec.trainLimit() == null ? "all" : spec.trainLimit()).append(" |\n")
                .append("| test limit | ").append(spec.testLimit() == null ? "all" : spec.testLimit()).append(" |\n");
        return new TextLogged(SPEC_TAG, 0, WallTime.now(), markdown.toString());
    }

    /** Test metrics, the ten PR curves, the test-image embedding and the hparams summary, all at the last step. */
    public static List<EventPayload> results(JobSpec spec, TrainingResult result, LabeledImages testImages) {
        TestEvaluation test = result.test();
        long step = result.steps();
        double wallTime = WallTime.now();
        List<EventPayload> events = new ArrayList<>();
        events.add(new ScalarsLogged(List.of(
                new ScalarPoint(TEST_ACCURACY_TAG, step, wallTime, test.accuracy()),
                new ScalarPoint(TEST_LOSS_TAG, step, wallTime, test.loss()))));
        for (int c = 0; c < test.classes(); c++) {
            events.add(PrCurves.forClass(c, step, test.probabilities(), test.labels(), test.classes()));
        }
        events.add(TestEmbedding.of(testImages, step));
        events.add(new HParamsLogged(new LinkedHashMap<>(hparams(spec)), finalMetrics(result), "SUCCESS"));
        return events;
    }

    /** The metrics a SUCCEEDED status and the hparams table carry. */
    public static Map<String, Double> finalMetrics(TrainingResult result) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(TEST_ACCURACY_TAG, result.test().accuracy());
        metrics.put(TEST_LOSS_TAG, result.test().loss());
        return metrics;
    }

    private static Map<String, Object> hparams(JobSpec spec) {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("dataset", spec.dataset().wireName());
        hparams.put("lr", spec.learningRate());
        hparams.put("batch_size", spec.batchSize());
        hparams.put("hidden_size", spec.hiddenSize());
        hparams.put("optimizer", spec.optimizer().wireName());
        hparams.put("epochs", spec.epochs());
        hparams.put("seed", spec.seed());
        return hparams;
    }
}
