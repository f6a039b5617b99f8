package dev.trainboard.metrics.check;

/**
 * One thing logged for a run, as both sides can name it: its kind, attempt, tag and step.
 *
 * @param kind {@code scalar}, {@code image}, {@code histogram}, {@code pr curve} or {@code graph}
 * @param attempt the attempt that logged it; in the files, the sequence number of its event file
 * @param tag the tag, empty for the graph
 * @param step the step, 0 for the graph
 */
record Logged(String kind, int attempt, String tag, long step) {

    /** The series this belongs to, as a difference names it. */
    String series() {
        return kind + (tag.isEmpty() ? "" : " '" + tag + "'") + " of attempt " + attempt;
    }
}
