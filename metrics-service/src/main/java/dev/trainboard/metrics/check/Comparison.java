package dev.trainboard.metrics.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** One check of a run's event files against what PostgreSQL holds for its job; each finding is one line. */
interface Comparison {

    List<String> differences(UUID jobId, RunFilesContent files, Connection database) throws SQLException;
}
