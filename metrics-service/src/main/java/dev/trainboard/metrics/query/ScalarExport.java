package dev.trainboard.metrics.query;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a job's scalar series as CSV straight from the database to a stream: the rows come through a
 * cursor ({@value #FETCH_SIZE} at a time, in a read-only transaction, which is what makes the driver use
 * one) and go out through a small buffer, so memory stays flat however long the series. Per tag and step
 * the latest attempt's point, as the JSON read shows.
 */
@Component
class ScalarExport {

    static final String CSV_HEADER = "tag,step,wall_time,value\n";

    private static final int FETCH_SIZE = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    ScalarExport(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** One series (a tag and the ids of the attempts that logged it). */
    private record Series(String tag, List<Long> ids) {
    }

    /** Every tag's series (or one tag's), by tag and step. */
    void csv(UUID jobId, String tag, OutputStream out) {
        readOnly.executeWithoutResult(status -> {
            List<Series> series = jdbc.query("""
                            select tag, array_agg(id order by attempt) from scalar_series
                            where job_id = ? and (cast(? as text) is null or tag = ?) group by tag order by tag""",
                    (rs, row) -> new Series(rs.getString(1), List.of((Long[]) rs.getArray(2).getArray())),
                    jobId, tag, tag);
            CsvOut csv = new CsvOut(out);
            csv.ascii(CSV_HEADER);
            for (Series one : series) {
                byte[] field = csvField(one.tag()).getBytes(StandardCharsets.UTF_8);
                RowCallbackHandler row = rs -> csv.row(field, rs.getLong(1), rs.getDouble(2), rs.getDouble(3));
                if (one.ids().size() == 1) {
                    jdbc.query("select step, wall_time, value from scalar_points where series_id = ? order by step",
                            row, one.ids().get(0));
                } else {
                    jdbc.query("""
                                    select distinct on (p.step) p.step, p.wall_time, p.value
                                    from scalar_points p join scalar_series s on s.id = p.series_id
                                    where s.job_id = ? and s.tag = ? order by p.step, s.attempt desc""",
                            row, jobId, one.tag());
                }
            }
            csv.flush();
        });
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** Rows into a reused byte buffer, numbers written as Java prints them, the buffer flushed when nearly full. */
    private static final class CsvOut {

        private static final int SIZE = 1 << 16;
        /** Longer than any row but its tag: a long, two doubles and the separators. */
        private static final int ROW_RESERVE = 128;

        private final OutputStream out;
        private final byte[] buffer = new byte[SIZE];
        private int length;

        CsvOut(OutputStream out) {
            this.out = out;
        }

        void row(byte[] tag, long step, double wallTime, double value) {
            if (length + tag.length + ROW_RESERVE > SIZE) {
                write(null);
            }
            if (tag.length + ROW_RESERVE > SIZE) {
                write(tag);
            } else {
                System.arraycopy(tag, 0, buffer, length, tag.length);
                length += tag.length;
            }
            buffer[length++] = ',';
            ascii(Long.toString(step));
            buffer[length++] = ',';
            ascii(Double.toString(wallTime));
            buffer[length++] = ',';
            ascii(Double.toString(value));
            buffer[length++] = '\n';
        }

        /** Appends ASCII text; callers make room first. */
        void ascii(String text) {
            for (int i = 0; i < text.length(); i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
        }

        void flush() {
            write(null);
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Empties the buffer into the stream, followed by {@code more} if not null. */
        private void write(byte[] more) {
            try {
                out.write(buffer, 0, length);
                length = 0;
                if (more != null) {
                    out.write(more);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
