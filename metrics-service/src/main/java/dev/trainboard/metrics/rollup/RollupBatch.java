package dev.trainboard.metrics.rollup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollups of a batch of points at every level, summed up in memory so that the database gets one upsert
 * per bucket instead of one per point. Points of a series mostly arrive in step order, so each series keeps
 * the bucket it added to last at each level and looks the map up only when a point leaves it.
 */
public final class RollupBatch {

    /** One rollup row's key. */
    public record Key(long seriesId, int level, long bucket) {
    }

    private final Map<Key, BucketSummary> buckets = new HashMap<>();
    private final Map<Long, Open> open = new HashMap<>();
    private long points;

    /** Adds a point that was not stored before. Steps are never negative. */
    public void add(long seriesId, long step, double wallTime, double value) {
        Open series = open.computeIfAbsent(seriesId, id -> new Open());
        for (int level = 1; level <= RollupLevels.COUNT; level++) {
            long bucket = step >> (bucketShift(level));
            int i = level - 1;
            if (series.summaries[i] != null && series.buckets[i] == bucket) {
                series.summaries[i].add(step, wallTime, value);
            } else {
                BucketSummary summary = buckets.get(new Key(seriesId, level, bucket));
                if (summary == null) {
                    summary = BucketSummary.of(step, wallTime, value);
                    buckets.put(new Key(seriesId, level, bucket), summary);
                } else {
                    summary.add(step, wallTime, value);
                }
                series.summaries[i] = summary;
                series.buckets[i] = bucket;
            }
        }
        points++;
    }

    public boolean isEmpty() {
        return points == 0;
    }

    /** How many points were added. */
    public long points() {
        return points;
    }

    /** The rows, by key: every writer locks rows in this order, so two writers cannot deadlock. */
    public List<Map.Entry<Key, BucketSummary>> rows() {
        List<Map.Entry<Key, BucketSummary>> rows = new ArrayList<>(buckets.entrySet());
        rows.sort(Map.Entry.comparingByKey((a, b) -> a.seriesId != b.seriesId ? Long.compare(a.seriesId, b.seriesId)
                : a.level != b.level ? Integer.compare(a.level, b.level) : Long.compare(a.bucket, b.bucket)));
        return rows;
    }

    private static int bucketShift(int level) {
        return Long.numberOfTrailingZeros(RollupLevels.width(level));
    }

    /** The bucket a series added to last, per level. */
    private static final class Open {
        final long[] buckets = new long[RollupLevels.COUNT];
        final BucketSummary[] summaries = new BucketSummary[RollupLevels.COUNT];
    }
}
