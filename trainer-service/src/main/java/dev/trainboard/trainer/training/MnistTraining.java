package dev.trainboard.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import dev.trainboard.events.JobSpec;
import dev.trainboard.trainer.data.LabeledImages;
import dev.trainboard.trainer.data.TrainingData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Trains the tutorial's network on one data set and evaluates it on the test split. Training batches are
 * written in place into reused native arrays ({@link ShuffledBatches}); the test split is copied into one
 * native array once and evaluated in chunks.
 */
public class MnistTraining {

    private static final int EVALUATION_CHUNK = 1000;

    /**
     * Runs the whole job. Listeners see every batch ({@link Batch#getProgress()} is the global step,
     * {@link Batch#getProgressTotal()} the job's total steps) and every epoch.
     *
     * @throws TrainingStoppedException when {@code stop} asks for it before a batch
     */
    public TrainingResult train(JobSpec spec, TrainingData data, Device device, List<TrainingListener> listeners,
            StopSignal stop) {
        Engine.getInstance().setRandomSeed(Long.hashCode(spec.seed()));
        Random shuffle = new Random(spec.seed());
        LabeledImages train = data.train();
        Shape inputShape = new Shape(spec.batchSize(), train.pixelsPerImage());

        DefaultTrainingConfig config = new DefaultTrainingConfig(new ObservedLoss(new OneHotCrossEntropy()))
                .optOptimizer(optimizer(spec))
                .optDevices(new Device[] {device})
                .addTrainingListeners(listeners.toArray(TrainingListener[]::new));
        try (Model model = Model.newInstance("mnist-mlp", device)) {
            model.setBlock(MnistNetwork.create(spec.hiddenSize()));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                trainer.notifyListeners(listener -> {
                    if (listener instanceof ModelInitializedListener initialized) {
                        initialized.onModelInitialized(trainer, inputShape);
                    }
                });
                ShuffledBatches batches = new ShuffledBatches(trainer.getManager(), train, spec.batchSize(),
                        MnistNetwork.CLASSES);
                long totalSteps = (long) batches.batchesPerEpoch() * spec.epochs();
                Runnable update = updateStep(spec, device, trainer);
                long started = System.nanoTime();
                for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                    trainEpoch(trainer, update, batches, epoch * (long) batches.batchesPerEpoch(), totalSteps,
                            shuffle, stop);
                    trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                TestEvaluation test = evaluate(trainer, data.test());
                return new TrainingResult(device.toString(), totalSteps, seconds,
                        (double) train.count() * spec.epochs() / seconds, test);
            }
        }
    }

    private static Optimizer optimizer(JobSpec spec) {
        Tracker rate = Tracker.fixed((float) spec.learningRate());
        return switch (spec.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).build();
        };
    }

    /**
     * The update after each backward pass: {@link FusedAdam} for Adam on the CPU, otherwise the configured
     * DJL optimizer through {@code trainer.step()}.
     */
    private static Runnable updateStep(JobSpec spec, Device device, Trainer trainer) {
        if (spec.optimizer() == dev.trainboard.events.Optimizer.ADAM && !device.isGpu()) {
            FusedAdam adam = new FusedAdam((float) spec.learningRate());
            ParameterList parameters = trainer.getModel().getBlock().getParameters();
            return () -> adam.step(parameters);
        }
        return trainer::step;
    }

    private static void trainEpoch(Trainer trainer, Runnable update, ShuffledBatches batches, long firstStep,
            long totalSteps, Random shuffle, StopSignal stop) {
        batches.shuffle(shuffle);
        for (int index = 0; index < batches.batchesPerEpoch(); index++) {
            long step = firstStep + index;
            Optional<StopReason> stopReason = stop.pending();
            if (stopReason.isPresent()) {
                throw new TrainingStoppedException(stopReason.get(), step);
            }
            // One manager per step: the views, the forward graph and the loss die with it.
            try (NDManager stepScope = trainer.getManager().newSubManager()) {
                ShuffledBatches.BatchArrays arrays = batches.load(index, stepScope);
                NDList labels = new NDList(arrays.labels(), arrays.lossWeights());
                Batch batch = new Batch(stepScope, new NDList(arrays.images()), labels, arrays.size(),
                        Batchifier.STACK, Batchifier.STACK, step, totalSteps);
                EasyTrain.trainBatch(trainer, batch);
                update.run();
            }
        }
    }

    private static NDArray toImageArray(NDManager manager, LabeledImages split) {
        ByteBuffer pixels = ByteBuffer.allocateDirect(split.pixels().length).put(split.pixels()).flip();
        try (NDArray bytes = manager.create(pixels, new Shape(split.count(), split.pixelsPerImage()), DataType.UINT8)) {
            // The tutorial's ToTensor(): grey values scaled to 0..1, no normalisation.
            return bytes.toType(DataType.FLOAT32, false).divi(255f);
        }
    }

    private static TestEvaluation evaluate(Trainer trainer, LabeledImages test) {
        int classes = MnistNetwork.CLASSES;
        float[] probabilities = new float[test.count() * classes];
        try (NDManager evaluationScope = trainer.getManager().newSubManager()) {
            NDArray images = toImageArray(evaluationScope, test);
            for (int start = 0; start < test.count(); start += EVALUATION_CHUNK) {
                int end = Math.min(start + EVALUATION_CHUNK, test.count());
                try (NDManager chunkScope = evaluationScope.newSubManager()) {
                    NDArray x = images.get(new NDIndex("{}:{}", start, end));
                    x.attach(chunkScope);
                    NDArray softmax = trainer.evaluate(new NDList(x)).singletonOrThrow().softmax(1);
                    System.arraycopy(softmax.toFloatArray(), 0, probabilities, start * classes, (end - start) * classes);
                }
            }
        }
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < test.count(); i++) {
            int label = test.labels()[i];
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + predicted]) {
                    predicted = c;
                }
            }
            correct += predicted == label ? 1 : 0;
            lossSum -= Math.log(Math.max(probabilities[i * classes + label], 1e-12f));
        }
        return new TestEvaluation((double) correct / test.count(), lossSum / test.count(), probabilities,
                test.labels(), classes);
    }
}
