package dev.trainboard.trainer.metrics;

import ai.djl.training.listener.TrainingListener;
import dev.trainboard.events.JobSpec;
import java.time.Duration;
import java.util.List;

/** The training listeners that turn one job's training into events. */
public final class JobListeners {

    private JobListeners() {
    }

    /** Graph, training curves, weight histograms and progress, all into {@code sink}. */
    public static List<TrainingListener> publishingTo(EventSink sink, JobSpec spec, Duration progressInterval) {
        TrainingCurveListener curve = new TrainingCurveListener(sink, spec.logEverySteps());
        return List.of(new ModelGraphListener(sink), curve, new WeightHistogramListener(sink),
                new ProgressListener(sink, progressInterval, spec.epochs(), curve::lastWindowLoss));
    }
}
