package dev.trainboard.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.trainer.training.MnistNetwork;
import dev.trainboard.trainer.training.PyTorchEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Histograms read from a real trainer's parameters, checked against copies of their values. */
class WeightHistogramListenerTests {

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
    }

    @Test
    void publishesAHistogramOfEachParameterAsItIsAtThatMoment() {
        List<EventPayload> events = new ArrayList<>();
        WeightHistogramListener listener = new WeightHistogramListener(events::add);
        try (Model model = Model.newInstance("histograms", Device.cpu())) {
            model.setBlock(MnistNetwork.create(6));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(2, 784));
                listener.onModelInitialized(trainer, new Shape(2, 784));
                // Changed in place, as the optimizer changes them: the next histograms must see it.
                ModelGraph.parameters(model.getBlock()).values().forEach(parameter -> parameter.getArray().addi(1f));
                listener.onEpoch(trainer);

                Map<String, float[]> values = ModelGraph.parameters(model.getBlock()).entrySet().stream().collect(
                        Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().getArray().toFloatArray()));
                List<HistogramLogged> histograms = events.stream().map(HistogramLogged.class::cast).toList();
                assertThat(histograms).hasSize(2 * values.size());
                for (HistogramLogged afterEpoch : histograms.subList(values.size(), histograms.size())) {
                    float[] expected = values.get(afterEpoch.tag());
                    assertThat(afterEpoch.num()).isEqualTo(expected.length);
                    assertThat(afterEpoch.sum()).isCloseTo(sum(expected), within(1e-6 * expected.length));
                    assertThat(afterEpoch.min()).isEqualTo(min(expected));
                }
                for (int i = 0; i < values.size(); i++) {
                    // The first histograms were taken before the change: every value was 1 lower.
                    HistogramLogged initial = histograms.get(i);
                    assertThat(initial.sum()).isCloseTo(sum(values.get(initial.tag())) - initial.num(),
                            within(1e-4 * initial.num()));
                }
            }
        }
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }

    private static double min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float value : values) {
            min = Math.min(min, value);
        }
        return min;
    }
}
