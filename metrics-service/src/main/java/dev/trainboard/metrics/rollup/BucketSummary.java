package dev.trainboard.metrics.rollup;

import dev.trainboard.events.ScalarPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The points of one bucket of a series as a chart needs them: how many, the first and the last by step, the
 * lowest and the highest by value (of equal values, the one at the earlier step). Values are ordered as
 * PostgreSQL orders {@code double precision} (NaN above every number, -0 equal to 0), so that a summary merged
 * here and one merged by the database's upsert agree.
 */
public final class BucketSummary {

    long count;
    long firstStep;
    double firstWallTime;
    double firstValue;
    long lastStep;
    double lastWallTime;
    double lastValue;
    long minStep;
    double minWallTime;
    double minValue;
    long maxStep;
    double maxWallTime;
    double maxValue;

    private BucketSummary() {
    }

    /** The summary of one point. */
    public static BucketSummary of(long step, double wallTime, double value) {
        BucketSummary summary = new BucketSummary();
        summary.count = 1;
        summary.firstStep = summary.lastStep = summary.minStep = summary.maxStep = step;
        summary.firstWallTime = summary.lastWallTime = summary.minWallTime = summary.maxWallTime = wallTime;
        summary.firstValue = summary.lastValue = summary.minValue = summary.maxValue = value;
        return summary;
    }

    /** A summary as stored, column by column in the order of the rollup table. */
    public static BucketSummary of(long count, long firstStep, double firstWallTime, double firstValue, long lastStep,
            double lastWallTime, double lastValue, long minStep, double minWallTime, double minValue, long maxStep,
            double maxWallTime, double maxValue) {
        BucketSummary summary = of(firstStep, firstWallTime, firstValue);
        summary.count = count;
        summary.takeLast(lastStep, lastWallTime, lastValue);
        summary.minStep = minStep;
        summary.minWallTime = minWallTime;
        summary.minValue = minValue;
        summary.maxStep = maxStep;
        summary.maxWallTime = maxWallTime;
        summary.maxValue = maxValue;
        return summary;
    }

    public static BucketSummary copyOf(BucketSummary other) {
        BucketSummary copy = of(other.firstStep, other.firstWallTime, other.firstValue);
        copy.count = 0;
        copy.merge(other);
        return copy;
    }

    public void add(long step, double wallTime, double value) {
        count++;
        takeFirst(step, wallTime, value);
        takeLast(step, wallTime, value);
        takeMin(step, wallTime, value);
        takeMax(step, wallTime, value);
    }

    /** Adds the points another summary stands for; the two must not share a step. */
    public void merge(BucketSummary other) {
        count += other.count;
        takeFirst(other.firstStep, other.firstWallTime, other.firstValue);
        takeLast(other.lastStep, other.lastWallTime, other.lastValue);
        takeMin(other.minStep, other.minWallTime, other.minValue);
        takeMax(other.maxStep, other.maxWallTime, other.maxValue);
    }

    public long count() {
        return count;
    }

    public long firstStep() {
        return firstStep;
    }

    /** The first, lowest, highest and last points, in step order, each once. */
    public List<ScalarPoint> points(String tag) {
        List<ScalarPoint> points = new ArrayList<>(4);
        points.add(new ScalarPoint(tag, firstStep, firstWallTime, firstValue));
        long minOrMaxFirst = Math.min(minStep, maxStep);
        long minOrMaxLast = Math.max(minStep, maxStep);
        addIfNew(points, tag, minOrMaxFirst);
        addIfNew(points, tag, minOrMaxLast);
        addIfNew(points, tag, lastStep);
        return points;
    }

    private void addIfNew(List<ScalarPoint> points, String tag, long step) {
        if (points.get(points.size() - 1).step() == step) {
            return;
        }
        if (step == minStep) {
            points.add(new ScalarPoint(tag, minStep, minWallTime, minValue));
        } else if (step == maxStep) {
            points.add(new ScalarPoint(tag, maxStep, maxWallTime, maxValue));
        } else {
            points.add(new ScalarPoint(tag, lastStep, lastWallTime, lastValue));
        }
    }

    private void takeFirst(long step, double wallTime, double value) {
        if (step < firstStep) {
            firstStep = step;
            firstWallTime = wallTime;
            firstValue = value;
        }
    }

    private void takeLast(long step, double wallTime, double value) {
        if (step > lastStep) {
            lastStep = step;
            lastWallTime = wallTime;
            lastValue = value;
        }
    }

    private void takeMin(long step, double wallTime, double value) {
        if (below(value, minValue) || (same(value, minValue) && step < minStep)) {
            minStep = step;
            minWallTime = wallTime;
            minValue = value;
        }
    }

    private void takeMax(long step, double wallTime, double value) {
        if (below(maxValue, value) || (same(value, maxValue) && step < maxStep)) {
            maxStep = step;
            maxWallTime = wallTime;
            maxValue = value;
        }
    }

    /** PostgreSQL's order of float8: NaN is above every number and equal to itself. */
    static boolean below(double a, double b) {
        return a < b || (Double.isNaN(b) && !Double.isNaN(a));
    }

    static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }
}
