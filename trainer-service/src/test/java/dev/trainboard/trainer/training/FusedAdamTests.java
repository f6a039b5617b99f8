package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FusedAdam against torch.optim.Adam's rule computed here in double precision, on the tutorial's network with
 * the real PyTorch engine. DJL's own Adam is not the reference: it adds epsilon before the bias correction.
 */
class FusedAdamTests {

    private static final Shape INPUT = new Shape(20, 784);
    private static final float LEARNING_RATE = 0.01f;

    @BeforeAll
    static void startEngine() {
        PyTorchEngine.start(1, true);
    }

    @Test
    void twentyStepsFollowTorchAdamsRule() {
        try (Model model = model(); Trainer trainer = trainer(model)) {
            FusedAdam adam = new FusedAdam(LEARNING_RATE);
            List<float[]> initial = weights(trainer);
            List<double[]> expected = initial.stream().map(FusedAdamTests::widen).toList();
            List<double[]> means = expected.stream().map(w -> new double[w.length]).toList();
            List<double[]> variances = expected.stream().map(w -> new double[w.length]).toList();

            for (int step = 1; step <= 20; step++) {
                trainOneBatch(trainer, step);
                List<float[]> gradients = gradients(trainer);
                adam.step(trainer.getModel().getBlock().getParameters());
                for (int p = 0; p < expected.size(); p++) {
                    textbookAdamStep(expected.get(p), gradients.get(p), means.get(p), variances.get(p), step);
                }
            }

            List<float[]> actual = weights(trainer);
            assertThat(actual).hasSize(4);
            double largestChange = 0;
            for (int p = 0; p < actual.size(); p++) {
                for (int i = 0; i < actual.get(p).length; i++) {
                    assertThat((double) actual.get(p)[i]).isCloseTo(expected.get(p)[i], within(1e-5));
                    largestChange = Math.max(largestChange, Math.abs(actual.get(p)[i] - initial.get(p)[i]));
                }
            }
            // Steps of up to lr each: the weights really moved, so matching the rule means something.
            assertThat(largestChange).isGreaterThan(5 * LEARNING_RATE);
        }
    }

    /** torch.optim.Adam's update with its defaults, in double precision. */
    private static void textbookAdamStep(double[] weight, float[] gradient, double[] mean, double[] variance,
            int step) {
        for (int i = 0; i < weight.length; i++) {
            mean[i] = 0.9 * mean[i] + 0.1 * gradient[i];
            variance[i] = 0.999 * variance[i] + 0.001 * gradient[i] * gradient[i];
            double meanHat = mean[i] / (1 - Math.pow(0.9, step));
            double varianceHat = variance[i] / (1 - Math.pow(0.999, step));
            weight[i] -= LEARNING_RATE * meanHat / (Math.sqrt(varianceHat) + 1e-8);
        }
    }

    private static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }

    @Test
    void eachBackwardPassAfterAnUpdateStartsFromNoGradient() {
        try (Model model = model(); Trainer trainer = trainer(model)) {
            ParameterList parameters = trainer.getModel().getBlock().getParameters();
            trainOneBatch(trainer, 0);

            new FusedAdam(LEARNING_RATE).step(parameters);

            // Dropped, not cleared: PyTorch stores the next pass's gradient instead of adding into this one.
            for (Parameter parameter : parameters.values()) {
                assertThat(JniUtils.getGradient((PtNDArray) parameter.getArray())).isNull();
            }
            trainOneBatch(trainer, 1);
            List<float[]> afterTheUpdate = gradients(trainer);
            assertThat(afterTheUpdate).allSatisfy(gradient -> assertThat(maxAbs(gradient)).isPositive());
            // The same pass again at the same weights adds into what the first left: exactly twice each value
            // only if nothing of the pass before the update was kept.
            trainOneBatch(trainer, 1);
            List<float[]> twice = gradients(trainer);
            for (int p = 0; p < twice.size(); p++) {
                for (int i = 0; i < twice.get(p).length; i++) {
                    assertThat(twice.get(p)[i]).isEqualTo(2 * afterTheUpdate.get(p)[i]);
                }
            }
        }
    }

    private static Model model() {
        Engine.getInstance().setRandomSeed(7);
        Model model = Model.newInstance("fused-adam", Device.cpu());
        model.setBlock(MnistNetwork.create(50));
        return model;
    }

    private static Trainer trainer(Model model) {
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(INPUT);
        return trainer;
    }

    /** One forward and backward pass on a batch drawn from {@code seed}: it leaves the parameters' gradients. */
    private static void trainOneBatch(Trainer trainer, int seed) {
        Random random = new Random(seed);
        float[] pixels = new float[Math.toIntExact(INPUT.size())];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        long[] labels = new long[Math.toIntExact(INPUT.get(0))];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(MnistNetwork.CLASSES);
        }
        try (NDManager scope = trainer.getManager().newSubManager()) {
            Batch batch = new Batch(scope, new NDList(scope.create(pixels, INPUT)), new NDList(scope.create(labels)),
                    labels.length, Batchifier.STACK, Batchifier.STACK, seed, seed + 1);
            EasyTrain.trainBatch(trainer, batch);
        }
    }

    private static List<float[]> weights(Trainer trainer) {
        return trainer.getModel().getBlock().getParameters().values().stream()
                .map(parameter -> parameter.getArray().toFloatArray()).toList();
    }

    private static List<float[]> gradients(Trainer trainer) {
        List<float[]> gradients = new ArrayList<>();
        for (var parameter : trainer.getModel().getBlock().getParameters().values()) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                gradients.add(gradient.toFloatArray());
            }
        }
        return gradients;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
