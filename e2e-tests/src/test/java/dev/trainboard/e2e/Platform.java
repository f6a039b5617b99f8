package dev.trainboard.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The platform as ./trainboard starts it, on free ports and with its own state, log dir and database, so
 * that it runs beside a developer's own platform. Every call runs the real script; its output goes to
 * {@code platform.log} in the work dir.
 */
final class Platform {

    private final Path root;
    private final Path workDir;
    private final Map<String, String> environment;

    private Platform(Path root, Path workDir, Map<String, String> environment) {
        this.root = root;
        this.workDir = workDir;
        this.environment = environment;
    }

    /** A platform whose state lives under {@code workDir}; nothing runs until {@link #up()}. */
    static Platform inWorkDir(Path root, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        List<Integer> ports = freePorts(6);
        Map<String, String> environment = Map.ofEntries(
                Map.entry("TRAINBOARD_STATE_DIR", workDir.resolve("state").toString()),
                Map.entry("TRAINBOARD_LOGDIR", workDir.resolve("runs").toString()),
                Map.entry("TRAINBOARD_DATA_DIR", root.resolve("data").toString()),
                Map.entry("TRAINBOARD_DB_NAME", "trainboard_e2e_" + UUID.randomUUID().toString().substring(0, 8)),
                Map.entry("TRAINBOARD_GATEWAY_PORT", ports.get(0).toString()),
                Map.entry("TRAINBOARD_METRICS_PORT", ports.get(1).toString()),
                Map.entry("TRAINBOARD_TRAINER_PORT", ports.get(2).toString()),
                Map.entry("TRAINBOARD_KAFKA_PORT", ports.get(3).toString()),
                Map.entry("TRAINBOARD_KAFKA_CONTROLLER_PORT", ports.get(4).toString()),
                Map.entry("TRAINBOARD_EMBEDDED_PG_PORT", ports.get(5).toString()),
                // The reactor has just packaged the jars; a stale one here is a broken build, not a reason to build.
                Map.entry("TRAINBOARD_NO_BUILD", "true"));
        return new Platform(root, workDir, environment);
    }

    /** {@code ./trainboard up}: starts whatever is not running and waits for every health check. */
    void up() throws IOException, InterruptedException {
        trainboard("up");
    }

    /** {@code ./trainboard down}. */
    void down() throws IOException, InterruptedException {
        trainboard("down");
    }

    /** Kills a process the way a crash would: SIGKILL, no shutdown hook, no last offset commit. */
    void crash(String process) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid(process)).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(workDir.resolve("state").resolve(process + ".pid")).strip());
    }

    /** The JDBC URL ./trainboard chose by its rule: TRAINBOARD_DB_URL, else a server on 5432, else embedded. */
    String databaseUrl() throws IOException {
        return Files.readString(workDir.resolve("state").resolve("db-url")).strip();
    }

    /**
     * Drops the test's database when it lives on a server the test does not own; an embedded server keeps its
     * data under the work dir, which goes with {@code mvn clean}.
     */
    void dropDatabase(String databaseUrl) throws SQLException {
        String server = "jdbc:postgresql://127.0.0.1:5432/";
        if (!databaseUrl.startsWith(server)) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + environment.get("TRAINBOARD_DB_NAME") + " WITH (FORCE)");
        }
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + environment.get("TRAINBOARD_GATEWAY_PORT");
    }

    Path logDir() {
        return Path.of(environment.get("TRAINBOARD_LOGDIR"));
    }

    private void trainboard(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("trainboard").toString(), command))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("platform.log").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(6).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./trainboard " + command + " did not finish; see " + workDir.resolve("platform.log"));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("./trainboard " + command + " failed:\n" + Files.readString(workDir.resolve("platform.log")));
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
