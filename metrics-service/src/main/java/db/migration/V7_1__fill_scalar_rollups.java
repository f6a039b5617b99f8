package db.migration;

import dev.trainboard.metrics.rollup.RollupBuilder;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Rolls up the series stored before V7 created the rollup tables, as ingestion would have. */
public class V7_1__fill_scalar_rollups extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        new RollupBuilder().rebuildAll(context.getConnection());
    }
}
