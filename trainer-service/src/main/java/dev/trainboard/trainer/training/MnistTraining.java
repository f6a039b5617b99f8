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
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
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
 * Trains the tutorial's network on one data set and evaluates it on the test split. Each split is
 * copied into one native array once; an epoch gathers a shuffled copy and every step slices a view of
 * it, so the loop spends its time in the matrix products rather than in per-image conversion.
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
        int stepsPerEpoch = (train.count() + spec.batchSize() - 1) / spec.batchSize();
        long totalSteps = (long) stepsPerEpoch * spec.epochs();
        Shape inputShape = new Shape(spec.batchSize(), train.pixelsPerImage());

        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer(spec, device))
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
                NDManager manager = trainer.getManager();
                NDArray images = toImageArray(manager, train);
                NDArray labels = toLabelArray(manager, train);
                long started = System.nanoTime();
                for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                    trainEpoch(trainer, images, labels, spec.batchSize(), epoch * (long) stepsPerEpoch, totalSteps,
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

    private static Optimizer optimizer(JobSpec spec, Device device) {
        float rate = (float) spec.learningRate();
        return switch (spec.optimizer()) {
            case ADAM -> device.isGpu() ? Optimizer.adam().optLearningRateTracker(Tracker.fixed(rate)).build()
                    : FusedAdam.withLearningRate(rate);
            case SGD -> Optimizer.sgd().setLearningRateTracker(Tracker.fixed(rate)).build();
        };
    }

    private static void trainEpoch(Trainer trainer, NDArray images, NDArray labels, int batchSize, long firstStep,
            long totalSteps, Random shuffle, StopSignal stop) {
        long count = images.getShape().get(0);
        try (NDManager epochScope = trainer.getManager().newSubManager()) {
            NDArray order = epochScope.create(permutation((int) count, shuffle));
            NDArray shuffledImages = images.get(order);
            NDArray shuffledLabels = labels.get(order);
            shuffledImages.attach(epochScope);
            shuffledLabels.attach(epochScope);
            long step = firstStep;
            for (long start = 0; start < count; start += batchSize, step++) {
                Optional<StopReason> stopReason = stop.pending();
                if (stopReason.isPresent()) {
                    throw new TrainingStoppedException(stopReason.get(), step);
                }
                long end = Math.min(start + batchSize, count);
                // One manager per step: the slices, the forward graph and the loss die with it.
                try (NDManager stepScope = epochScope.newSubManager()) {
                    NDIndex rows = new NDIndex("{}:{}", start, end);
                    NDArray x = shuffledImages.get(rows);
                    NDArray y = shuffledLabels.get(rows);
                    x.attach(stepScope);
                    y.attach(stepScope);
                    Batch batch = new Batch(stepScope, new NDList(x), new NDList(y), (int) (end - start),
                            Batchifier.STACK, Batchifier.STACK, step, totalSteps);
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                }
            }
        }
    }

    private static long[] permutation(int count, Random random) {
        long[] order = new long[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static NDArray toImageArray(NDManager manager, LabeledImages split) {
        ByteBuffer pixels = ByteBuffer.allocateDirect(split.pixels().length).put(split.pixels()).flip();
        try (NDArray bytes = manager.create(pixels, new Shape(split.count(), split.pixelsPerImage()), DataType.UINT8)) {
            // The tutorial's ToTensor(): grey values scaled to 0..1, no normalisation.
            return bytes.toType(DataType.FLOAT32, false).divi(255f);
        }
    }

    private static NDArray toLabelArray(NDManager manager, LabeledImages split) {
        long[] labels = new long[split.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.labels()[i];
        }
        return manager.create(labels);
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
