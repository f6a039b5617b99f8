package dev.trainboard.metrics.check;

import dev.trainboard.metrics.rollup.RollupVerifier;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The job's scalar rollups against a brute-force computation from its points: fast reads answer from the rollups,
 * so a bucket that drifted from its points would show a curve the files do not hold. One line per series.
 */
final class RollupComparison implements Comparison {

    @Override
    public List<String> differences(UUID jobId, RunFilesContent files, Connection database) {
        // The check's own connection, not closed by the verifier.
        RollupVerifier verifier = new RollupVerifier(JdbcClient.create(new SingleConnectionDataSource(database, true)));
        Map<Long, List<RollupVerifier.Mismatch>> bySeries = verifier.verify(jobId).mismatches().stream()
                .collect(Collectors.groupingBy(RollupVerifier.Mismatch::seriesId, TreeMap::new, Collectors.toList()));
        return bySeries.entrySet().stream().map(series -> {
            RollupVerifier.Mismatch first = series.getValue().get(0);
            return "scalar rollups of series " + series.getKey() + ": " + series.getValue().size()
                    + " bucket(s) differ from its points, first at level " + first.level() + " bucket " + first.bucket();
        }).toList();
    }
}
