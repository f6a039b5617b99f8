package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.trainer.MnistTestData;
import dev.trainboard.trainer.metrics.TrainingCurveListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MnistTrainingIntegrationTests {

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1);
    }

    @Test
    void smallSliceLearnsWellAboveChance() {
        JobSpec spec = MnistTestData.slice("slice", 1, 1000, 500, 50, 5);
        List<EventPayload> events = new ArrayList<>();
        TrainingResult result = new MnistTraining().train(spec, MnistTestData.load(1000, 500), Device.cpu(),
                List.of(new TrainingCurveListener(events::add, 5)), StopSignal.NEVER);
        assertThat(result.steps()).isEqualTo(20);
        assertThat(result.test().accuracy()).isGreaterThan(0.6);
        assertThat(events).hasSize(4);
        System.out.println(result.test().accuracy() + " " + result.imagesPerSecond() + " " + events);
    }
}
