package dev.trainboard.metrics.ingest;

/** The TensorBoard plugin a tag of a run belongs to; a tag has one for the life of the run. */
public enum PluginKind {
    SCALARS,
    IMAGES,
    HISTOGRAMS,
    PR_CURVES,
    TEXT,
    PROJECTOR
}
