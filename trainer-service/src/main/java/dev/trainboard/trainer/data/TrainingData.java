package dev.trainboard.trainer.data;

/** The two splits of a data set, already cut to the job's limits. */
public record TrainingData(LabeledImages train, LabeledImages test) {
}
