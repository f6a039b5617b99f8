package dev.trainboard.metrics.query;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a job's scalar series as CSV straight from the database to a stream. PostgreSQL formats the rows
 * itself ({@code COPY (select ...) TO STDOUT (FORMAT csv)}) and the driver hands each one to the stream as it
 * arrives, through a small buffer, so memory stays flat however long the series; formatting the numbers in
 * Java instead held the export to a quarter of the rate PostgreSQL reads the rows (docs/benchmarks.md). Per
 * tag and step the latest attempt's point, as the JSON read shows.
 */
@Component
class ScalarExport {

    private static final String CSV_HEADER = "tag,step,wall_time,value\n";

    private static final int BUFFER_BYTES = 1 << 16;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    ScalarExport(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Every tag's series (or one tag's), by tag and step. */
    void csv(UUID jobId, String tag, OutputStream out) {
        readOnly.executeWithoutResult(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                // Any value above 0 makes PostgreSQL (12 and later) print the shortest text that reads back as
                // the stored double exactly; 0 would round to 15 digits.
                statement.execute("set local extra_float_digits = 1");
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try {
                OutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
                buffered.write(CSV_HEADER.getBytes(StandardCharsets.US_ASCII));
                for (List<Long> ids : seriesByTag(connection, jobId, tag)) {
                    copy.copyOut(copyOf(ids), buffered);
                }
                buffered.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
    }

    /** The ids of each tag's series, by tag, each tag's by attempt. */
    private static List<List<Long>> seriesByTag(Connection connection, UUID jobId, String tag) throws SQLException {
        List<List<Long>> series = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select array_agg(id order by attempt) from scalar_series
                where job_id = ? and (cast(? as text) is null or tag = ?) group by tag order by tag""")) {
            select.setObject(1, jobId);
            select.setString(2, tag);
            select.setString(3, tag);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    series.add(List.of((Long[]) rs.getArray(1).getArray()));
                }
            }
        }
        return series;
    }

    /**
     * The COPY of one tag's points; COPY takes no parameters, so the series ids (numbers from the database) are
     * written into it. Of a step several attempts logged, the latest attempt's point.
     */
    private static String copyOf(List<Long> ids) {
        String select = ids.size() == 1 ? """
                select s.tag, p.step, p.wall_time, p.value
                from scalar_points p join scalar_series s on s.id = p.series_id
                where p.series_id = %s order by p.step""".formatted(ids.get(0)) : """
                select distinct on (p.step) s.tag, p.step, p.wall_time, p.value
                from scalar_points p join scalar_series s on s.id = p.series_id
                where p.series_id in (%s) order by p.step, s.attempt desc"""
                .formatted(ids.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        return "copy (" + select + ") to stdout (format csv)";
    }
}
