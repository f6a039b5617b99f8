package dev.trainboard.metrics.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a series' rollups afresh from its stored points, with the batch summing and the upsert that
 * ingestion uses: what the V7 migration does for the series stored before rollups existed. The points are
 * read through a cursor, a chunk at a time, so memory stays flat however long the series; the connection
 * must be inside a transaction (autocommit off) for the driver to use one.
 */
public final class RollupBuilder {

    private static final int FETCH_SIZE = 10_000;
    /** Points summed up before the rollups are written; their rows take about 1/28 of that in memory. */
    private static final int POINTS_PER_WRITE = 500_000;

    private final RollupWriter writer = new RollupWriter();

    /** Rebuilds the rollups of every series. */
    public void rebuildAll(Connection connection) throws SQLException {
        List<Long> series = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select id from scalar_series order by id");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                series.add(rs.getLong(1));
            }
        }
        for (long id : series) {
            rebuild(connection, id);
        }
    }

    /** Replaces the rollups of one series by ones computed from its points. */
    public void rebuild(Connection connection, long seriesId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from scalar_rollups where series_id = ?")) {
            delete.setLong(1, seriesId);
            delete.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "select step, wall_time, value from scalar_points where series_id = ? order by step")) {
            select.setFetchSize(FETCH_SIZE);
            select.setLong(1, seriesId);
            RollupBatch batch = new RollupBatch();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.add(seriesId, rs.getLong(1), rs.getDouble(2), rs.getDouble(3));
                    if (batch.points() == POINTS_PER_WRITE) {
                        writer.write(connection, batch);
                        batch = new RollupBatch();
                    }
                }
            }
            writer.write(connection, batch);
        }
    }
}
