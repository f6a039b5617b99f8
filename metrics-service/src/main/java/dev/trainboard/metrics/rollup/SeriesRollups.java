package dev.trainboard.metrics.rollup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Recomputes the rollups of series whose points were deleted (a resumed attempt's predecessor loses its tail),
 * on the caller's transaction: rollups are kept from inserted points only, so a deletion must rebuild them.
 */
@Component
public class SeriesRollups {

    private final DataSource dataSource;
    private final RollupBuilder builder = new RollupBuilder();

    SeriesRollups(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void rebuild(Collection<Long> seriesIds) {
        if (seriesIds.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            for (long id : seriesIds) {
                builder.rebuild(connection, id);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Could not rebuild the rollups of series " + seriesIds, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
