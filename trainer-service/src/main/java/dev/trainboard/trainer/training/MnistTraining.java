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
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import dev.trainboard.events.JobSpec;
import dev.trainboard.trainer.data.LabeledImages;
import dev.trainboard.trainer.data.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
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

    /** Runs the whole job from step 0 and saves nothing ({@link Checkpointing#NONE}). */
    public TrainingResult train(JobSpec spec, TrainingData data, Device device, List<TrainingListener> listeners,
            StopSignal stop) {
        return train(spec, data, device, listeners, stop, Checkpointing.NONE);
    }

    /**
     * Runs the whole job, or its rest from the checkpoint {@code checkpointing} resumes from. Listeners see every
     * batch ({@link Batch#getProgress()} is the global step, {@link Batch#getProgressTotal()} the job's total
     * steps) and every epoch; {@link ModelInitializedListener}s only when the run starts at step 0. A checkpoint
     * is saved at each epoch's end, or every {@link JobSpec#checkpointEverySteps()} steps when that is set, and
     * the final model after the test evaluation.
     *
     * @throws TrainingStoppedException when {@code stop} asks for it before a batch
     */
    public TrainingResult train(JobSpec spec, TrainingData data, Device device, List<TrainingListener> listeners,
            StopSignal stop, Checkpointing checkpointing) {
        Engine.getInstance().setRandomSeed(Long.hashCode(spec.seed()));
        Random shuffle = new Random(spec.seed());
        LabeledImages train = data.train();
        Shape inputShape = new Shape(spec.batchSize(), train.pixelsPerImage());
        Optional<Path> resumeFrom = checkpointing.resumeFrom();

        DefaultTrainingConfig config = new DefaultTrainingConfig(new ObservedLoss(new OneHotCrossEntropy()))
                .optOptimizer(optimizer(spec))
                .optDevices(new Device[] {device})
                .addTrainingListeners(listeners.toArray(TrainingListener[]::new));
        try (Model model = Model.newInstance("mnist-mlp", device)) {
            model.setBlock(MnistNetwork.create(spec.hiddenSize()));
            if (resumeFrom.isPresent()) {
                // Before the trainer: initialising the block then keeps the loaded arrays and only marks them for
                // gradients, so no random initialisation runs.
                CheckpointFiles.loadParameters(resumeFrom.get(), model);
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                ShuffledBatches batches = new ShuffledBatches(trainer.getManager(), train, spec.batchSize(),
                        MnistNetwork.CLASSES);
                OptimizerStep update = OptimizerStep.of(spec, device, trainer);
                Position start = new Position(0, 0);
                if (resumeFrom.isPresent()) {
                    CheckpointFiles.loadOptimizer(resumeFrom.get(), update);
                    start = Position.resumed(CheckpointFiles.readPosition(resumeFrom.get()), spec, batches);
                } else {
                    trainer.notifyListeners(listener -> {
                        if (listener instanceof ModelInitializedListener initialized) {
                            initialized.onModelInitialized(trainer, inputShape);
                        }
                    });
                }
                Loop loop = new Loop(spec, trainer, update, batches, checkpointing, stop);
                // Every epoch draws its order from the same generator, so the epochs before the resumed one draw
                // theirs again.
                for (int epoch = 0; epoch < start.epoch() && epoch < spec.epochs(); epoch++) {
                    batches.shuffle(shuffle);
                }
                long started = System.nanoTime();
                for (int epoch = start.epoch(); epoch < spec.epochs(); epoch++) {
                    loop.trainEpoch(epoch, epoch == start.epoch() ? start.batch() : 0, shuffle);
                    trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                TestEvaluation test = evaluate(trainer, data.test());
                long totalSteps = loop.totalSteps;
                checkpointing.saveModel(totalSteps, spec.epochs(), directory -> ModelFiles.write(directory, model,
                        new ModelFiles.Description(ModelFiles.Architecture.of(train.pixelsPerImage(),
                                spec.hiddenSize()), spec, test.accuracy(), totalSteps, Instant.now())));
                long imagesTrained = (long) train.count() * spec.epochs()
                        - ((long) train.count() * start.epoch() + (long) start.batch() * spec.batchSize());
                return new TrainingResult(device.toString(), totalSteps, seconds, imagesTrained / seconds, test);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("resuming from " + resumeFrom.orElseThrow() + " failed", e);
        }
    }

    private static Optimizer optimizer(JobSpec spec) {
        Tracker rate = Tracker.fixed((float) spec.learningRate());
        return switch (spec.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).build();
        };
    }

    /** An epoch and the index of a batch in its shuffled order. */
    private record Position(int epoch, int batch) {

        /** The position a checkpoint saved, checked against the job it is to continue. */
        static Position resumed(TrainingPosition saved, JobSpec spec, ShuffledBatches batches) {
            int perEpoch = batches.batchesPerEpoch();
            boolean fits = saved.shuffleSeed() == spec.seed() && saved.epoch() >= 0 && saved.epoch() <= spec.epochs()
                    && saved.shuffleOffset() >= 0 && saved.shuffleOffset() < perEpoch
                    && saved.step() == (long) saved.epoch() * perEpoch + saved.shuffleOffset();
            if (!fits) {
                throw new IllegalStateException("the checkpoint at step " + saved.step() + " (epoch " + saved.epoch()
                        + ", batch " + saved.shuffleOffset() + ", seed " + saved.shuffleSeed()
                        + ") does not fit this job: " + perEpoch + " batches per epoch, seed " + spec.seed());
            }
            return new Position(saved.epoch(), saved.shuffleOffset());
        }
    }

    /** The training steps of one run, and the checkpoints between them. */
    private static final class Loop {

        private final JobSpec spec;
        private final Trainer trainer;
        private final OptimizerStep update;
        private final ShuffledBatches batches;
        private final Checkpointing checkpointing;
        private final StopSignal stop;
        private final long totalSteps;

        Loop(JobSpec spec, Trainer trainer, OptimizerStep update, ShuffledBatches batches, Checkpointing checkpointing,
                StopSignal stop) {
            this.spec = spec;
            this.trainer = trainer;
            this.update = update;
            this.batches = batches;
            this.checkpointing = checkpointing;
            this.stop = stop;
            this.totalSteps = (long) batches.batchesPerEpoch() * spec.epochs();
        }

        void trainEpoch(int epoch, int firstBatch, Random shuffle) {
            batches.shuffle(shuffle);
            long firstStep = epoch * (long) batches.batchesPerEpoch();
            for (int index = firstBatch; index < batches.batchesPerEpoch(); index++) {
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
                    TrainingStep.run(trainer, batch);
                    update.run();
                }
                boolean epochDone = index + 1 == batches.batchesPerEpoch();
                if (checkpointDue(step + 1, epochDone)) {
                    TrainingPosition position = epochDone
                            ? new TrainingPosition(epoch + 1, step + 1, spec.seed(), 0, checkpointing.attempt())
                            : new TrainingPosition(epoch, step + 1, spec.seed(), index + 1, checkpointing.attempt());
                    checkpointing.saveCheckpoint(position, directory -> CheckpointFiles.write(directory,
                            trainer.getModel().getBlock(), update, position));
                }
            }
        }

        private boolean checkpointDue(long stepsDone, boolean epochDone) {
            Integer every = spec.checkpointEverySteps();
            return every == null ? epochDone : stepsDone % every == 0;
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
