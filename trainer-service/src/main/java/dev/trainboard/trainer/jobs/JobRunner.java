package dev.trainboard.trainer.jobs;

import ai.djl.Device;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.trainer.artifacts.ArtifactStore;
import dev.trainboard.trainer.data.DataNotFoundException;
import dev.trainboard.trainer.data.DatasetLoader;
import dev.trainboard.trainer.data.IdxFormatException;
import dev.trainboard.trainer.data.TrainingData;
import dev.trainboard.trainer.metrics.BackgroundEventSink;
import dev.trainboard.trainer.metrics.ImageGrid;
import dev.trainboard.trainer.metrics.JobEvents;
import dev.trainboard.trainer.metrics.JobListeners;
import dev.trainboard.trainer.metrics.JobReport;
import dev.trainboard.trainer.system.TrainerIdentity;
import dev.trainboard.trainer.system.TrainerProperties;
import dev.trainboard.trainer.training.ComputeDevices;
import dev.trainboard.trainer.training.DeviceUnavailableException;
import dev.trainboard.trainer.training.MnistTraining;
import dev.trainboard.trainer.training.StopReason;
import dev.trainboard.trainer.training.StopSignal;
import dev.trainboard.trainer.training.TrainingResult;
import dev.trainboard.trainer.training.TrainingStoppedException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt of one job from RUNNING to its terminal status and publishes everything in between:
 * the spec as text, the image grid, the graph, the training curves, histograms, progress, checkpoints, and at
 * the end the test metrics, PR curves, hparams and the final model. An attempt that finds a complete checkpoint
 * of the job in the artifact store continues from it: its RUNNING names the checkpoint's step, and what the
 * job logged before that step (spec, image grid, graph, first histograms) is not logged again.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /**
     * How long the end of training waits for its queued events to reach the producer. A send blocks for at
     * most the producer's max.block.ms (60 s by default) when the broker is away; the job then fails
     * instead of publishing its terminal status ahead of them.
     */
    private static final long EVENT_DRAIN_SECONDS = 120;

    private final MnistTraining training;
    private final DatasetLoader datasets;
    private final ArtifactStore artifacts;
    private final TrainerProperties properties;
    private final String host;

    JobRunner(MnistTraining training, DatasetLoader datasets, ArtifactStore artifacts, TrainerProperties properties,
            TrainerIdentity identity) {
        this.training = training;
        this.datasets = datasets;
        this.artifacts = artifacts;
        this.properties = properties;
        this.host = identity.host();
    }

    JobOutcome run(JobSpec spec, JobEvents events, StopSignal stop) {
        try {
            Device device = ComputeDevices.select(spec.device());
            String deviceName = ComputeDevices.wireName(device);
            Optional<ArtifactStore.StoredCheckpoint> checkpoint = artifacts.latestCheckpoint(events.jobId());
            if (checkpoint.isPresent()) {
                long step = checkpoint.get().position().step();
                log.info("job {} attempt {} ({}) resumes at step {} on {}", events.jobId(), events.attempt(),
                        spec.runName(), step, device);
                events.publishAndWait(JobStatusChanged.resumed(deviceName, host, step));
            } else {
                log.info("job {} attempt {} ({}) starts on {}", events.jobId(), events.attempt(), spec.runName(),
                        device);
                events.publishAndWait(JobStatusChanged.running(deviceName, host));
            }
            TrainingData data = datasets.load(spec.dataset(), spec.trainLimit(), spec.testLimit());
            if (checkpoint.isEmpty()) {
                events.publish(JobReport.specText(spec));
                events.publish(ImageGrid.firstImages(data.train()));
            }
            TrainingResult result;
            try (BackgroundEventSink metrics = new BackgroundEventSink(events, "job-events-" + events.jobId(),
                    EVENT_DRAIN_SECONDS)) {
                result = training.train(spec, data, device,
                        JobListeners.publishingTo(metrics, spec, properties.progressInterval()), stop,
                        artifacts.forAttempt(events.jobId(), events.attempt(), checkpoint, metrics));
            }
            JobReport.results(spec, result, data.test()).forEach(events::publish);
            events.publishAndWait(JobStatusChanged.succeeded(JobReport.finalMetrics(result)));
            log.info("job {} succeeded: test accuracy {}, {} images/s", events.jobId(), result.test().accuracy(),
                    Math.round(result.imagesPerSecond()));
            return JobOutcome.SUCCEEDED;
        } catch (TrainingStoppedException e) {
            if (e.reason() == StopReason.ABANDONED) {
                return JobOutcome.ABANDONED;
            }
            log.info("job {} cancelled", events.jobId());
            events.publishAndWait(JobStatusChanged.cancelled());
            return JobOutcome.CANCELLED;
        } catch (DeviceUnavailableException | DataNotFoundException | IdxFormatException e) {
            return failed(events, e.getMessage());
        } catch (RuntimeException e) {
            log.error("job {} failed", events.jobId(), e);
            return failed(events, "training failed: " + e);
        }
    }

    private static JobOutcome failed(JobEvents events, String error) {
        log.warn("job {} failed: {}", events.jobId(), error);
        events.publishAndWait(JobStatusChanged.failed(error));
        return JobOutcome.FAILED;
    }
}
