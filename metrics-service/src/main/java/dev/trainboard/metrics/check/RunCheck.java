package dev.trainboard.metrics.check;

import dev.trainboard.metrics.tensorboard.RunDirectories;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code ./trainboard check [RUN...]}: compares each run's event files, read with the tfevents reader, with
 * what PostgreSQL holds for its job, through every {@link Comparison} in {@link #COMPARISONS}; prints each
 * difference and exits 1 when there is any (2 when it cannot check at all). Reads {@code TRAINBOARD_DB_URL},
 * {@code TRAINBOARD_DB_USER}, {@code TRAINBOARD_DB_PASSWORD} and {@code TRAINBOARD_LOGDIR}, as the service does.
 */
public final class RunCheck {

    /** The checks made of every run; a new one is one more entry. */
    static final List<Comparison> COMPARISONS = Stream.concat(LoggedComparison.ALL.stream(),
            Stream.of(new RollupComparison())).toList();

    private final Connection database;
    private final Path logdir;

    public RunCheck(Connection database, Path logdir) {
        this.database = database;
        this.logdir = logdir;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Properties credentials = new Properties();
        credentials.setProperty("user", env.getOrDefault("TRAINBOARD_DB_USER", "postgres"));
        credentials.setProperty("password", env.getOrDefault("TRAINBOARD_DB_PASSWORD", ""));
        String url = env.getOrDefault("TRAINBOARD_DB_URL", "jdbc:postgresql://127.0.0.1:5432/trainboard");
        Path logdir = Path.of(env.getOrDefault("TRAINBOARD_LOGDIR", "./runs"));
        int status;
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            status = new RunCheck(connection, logdir).check(List.of(args), System.out) ? 0 : 1;
        } catch (SQLException | IllegalArgumentException e) {
            System.err.println("check: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /**
     * Checks the named runs, or every registered run when none is named, printing one line per run and one per
     * difference; returns whether there was none.
     */
    public boolean check(List<String> runNames, PrintStream out) throws SQLException {
        Map<String, UUID> runs = runs(runNames);
        int differing = 0;
        for (Map.Entry<String, UUID> run : runs.entrySet()) {
            List<String> differences = differences(run.getKey(), run.getValue());
            if (differences.isEmpty()) {
                out.println(run.getKey() + ": files match the database");
            } else {
                differing++;
                out.println(run.getKey() + ": " + differences.size() + " difference(s)");
                differences.forEach(difference -> out.println("  " + difference));
            }
        }
        out.println(runs.size() + " run(s) checked, " + differing + " with differences");
        return differing == 0;
    }

    /** Every difference between the run's files and the database. */
    public List<String> differences(String runName, UUID jobId) throws SQLException {
        RunFilesContent files = RunFilesContent.read(RunDirectories.resolveUnder(logdir, runName))
                .withoutResumedTails(resumedAttempts(jobId));
        List<String> differences = new ArrayList<>(files.unreadable());
        for (Comparison comparison : COMPARISONS) {
            differences.addAll(comparison.differences(jobId, files, database));
        }
        return differences;
    }

    /** The step each resumed attempt of the job started from, by attempt. */
    private Map<Integer, Long> resumedAttempts(UUID jobId) throws SQLException {
        Map<Integer, Long> resumed = new LinkedHashMap<>();
        try (PreparedStatement statement = database.prepareStatement(
                "select attempt, step from resumed_attempts where job_id = ?")) {
            statement.setObject(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    resumed.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return resumed;
    }

    private Map<String, UUID> runs(List<String> names) throws SQLException {
        Map<String, UUID> runs = new LinkedHashMap<>();
        String sql = names.isEmpty() ? "select run_name, id from jobs order by created_at"
                : "select run_name, id from jobs where run_name = any(?) order by created_at";
        try (PreparedStatement statement = database.prepareStatement(sql)) {
            if (!names.isEmpty()) {
                statement.setArray(1, database.createArrayOf("text", names.toArray()));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        List<String> unknown = names.stream().filter(name -> !runs.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no job has run name(s) " + String.join(", ", unknown));
        }
        return runs;
    }
}
