package dev.trainboard.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.metrics.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The CSV export against a real PostgreSQL: every stored double must read back from its text bit for bit, tags
 * that need quoting must be quoted, and of a step two attempts logged the latest attempt's point comes out.
 */
class ScalarExportTests {

    private static final double[] VALUES = {0.1 + 0.2, 1.0 / 3, -0.0, 0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 123456789.123456789, -2.5e-7,
            Math.PI, 9007199254740993.0};
    private static final double WALL = 1.8e9 + 0.123456789;

    private static TestDatabase database;
    private static JdbcTemplate jdbc;
    private static ScalarExport export;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create();
        DataSource dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        export = new ScalarExport(dataSource, new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void everyValueReadsBackExactly() {
        UUID job = job();
        long series = series(job, 1, "loss");
        for (int i = 0; i < VALUES.length; i++) {
            point(series, i, WALL + i / 7.0, VALUES[i]);
        }

        List<List<String>> rows = csv(job, "loss");

        assertThat(rows).hasSize(VALUES.length + 1);
        assertThat(rows.get(0)).containsExactly("tag", "step", "wall_time", "value");
        for (int i = 0; i < VALUES.length; i++) {
            List<String> row = rows.get(i + 1);
            assertThat(row.subList(0, 2)).containsExactly("loss", Integer.toString(i));
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(row.get(2))))
                    .as("wall time of step %d: %s", i, row.get(2))
                    .isEqualTo(Double.doubleToRawLongBits(WALL + i / 7.0));
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(row.get(3))))
                    .as("value of step %d: %s", i, row.get(3))
                    .isEqualTo(Double.doubleToRawLongBits(VALUES[i]));
        }
    }

    @Test
    void tagsAreQuotedAndEachStepComesFromTheLatestAttempt() {
        UUID job = job();
        String odd = "a \"quoted\", tag";
        long first = series(job, 1, odd);
        long second = series(job, 2, odd);
        long other = series(job, 1, "b");
        point(first, 0, WALL, 1);
        point(first, 1, WALL, 2);
        point(second, 1, WALL, 20);
        point(second, 2, WALL, 30);
        point(other, 5, WALL, 7);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.csv(job, null, out);

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("tag,step,wall_time,value",
                "\"a \"\"quoted\"\", tag\",0,1800000000.1234567,1",
                "\"a \"\"quoted\"\", tag\",1,1800000000.1234567,20",
                "\"a \"\"quoted\"\", tag\",2,1800000000.1234567,30",
                "b,5,1800000000.1234567,7");
        assertThat(csv(job, "b")).containsExactly(List.of("tag", "step", "wall_time", "value"),
                List.of("b", "5", "1800000000.1234567", "7"));
        assertThat(csv(job, "absent")).containsExactly(List.of("tag", "step", "wall_time", "value"));
    }

    private static List<List<String>> csv(UUID job, String tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.csv(job, tag, out);
        return out.toString(StandardCharsets.UTF_8).lines().map(ScalarExportTests::fields).toList();
    }

    /** The fields of a CSV line whose quoted fields hold no line breaks. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static UUID job() {
        UUID job = UUID.randomUUID();
        jdbc.update("insert into jobs (id, run_name, spec, status, created_at) values (?, ?, '{}'::jsonb, 'RUNNING',"
                + " now())", job, "export-" + job);
        return job;
    }

    private static long series(UUID job, int attempt, String tag) {
        return jdbc.queryForObject("insert into scalar_series (job_id, attempt, tag) values (?, ?, ?) returning id",
                Long.class, job, attempt, tag);
    }

    private static void point(long series, long step, double wallTime, double value) {
        jdbc.update("insert into scalar_points (series_id, step, wall_time, value) values (?, ?, ?, ?)", series, step,
                wallTime, value);
    }
}
