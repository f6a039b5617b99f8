package dev.trainboard.metrics.bench;

import dev.trainboard.metrics.rollup.RollupBatch;
import dev.trainboard.metrics.rollup.RollupWriter;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A rollup writer that benchmarks can turn off, to measure what keeping the rollups costs on the same service,
 * database and data. Off, it writes no rollups and still runs the statement ingestion hands it (its savepoint),
 * so the writes differ in the rollups alone.
 */
public final class SwitchableRollupWriter extends RollupWriter {

    private volatile boolean keeping = true;

    public SwitchableRollupWriter keeping(boolean keep) {
        this.keeping = keep;
        return this;
    }

    @Override
    public void write(Connection connection, RollupBatch batch) throws SQLException {
        if (keeping) {
            super.write(connection, batch);
        }
    }

    @Override
    public void write(Connection connection, RollupBatch batch, String first) throws SQLException {
        super.write(connection, keeping ? batch : new RollupBatch(), first);
    }
}
