package dev.trainboard.e2e;

import dev.trainboard.events.EventJson;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

/**
 * The platform as ./trainboard starts it, on free ports and with its own state, log dir and database, so that it
 * runs beside a developer's own platform. Every call runs the real script; its output goes to {@code platform.log}
 * in the work dir.
 */
final class Platform {

    private static final String DB_USER = System.getenv().getOrDefault("TRAINBOARD_DB_USER", "postgres");
    private static final String DB_PASSWORD = System.getenv().getOrDefault("TRAINBOARD_DB_PASSWORD", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = EventJson.mapper();

    private final Path root;
    private final Path workDir;
    private final Map<String, String> environment;
    private final String databaseName;

    private Platform(Path root, Path workDir, Map<String, String> environment, String databaseName) {
        this.root = root;
        this.workDir = workDir;
        this.environment = environment;
        this.databaseName = databaseName;
    }

    /**
     * A platform whose state lives under {@code workDir}; nothing runs until {@link #up()}. The database follows
     * ./trainboard's rule (TRAINBOARD_DB_URL's server, else 127.0.0.1:5432, else embedded), always a new one.
     */
    static Platform inWorkDir(Path root, Path workDir) throws IOException, SQLException {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        List<Integer> ports = freePorts(6);
        String databaseName = "trainboard_e2e_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> environment = new HashMap<>(Map.ofEntries(
                Map.entry("TRAINBOARD_STATE_DIR", workDir.resolve("state").toString()),
                Map.entry("TRAINBOARD_LOGDIR", workDir.resolve("runs").toString()),
                Map.entry("TRAINBOARD_ARTIFACTS", workDir.resolve("artifacts").toString()),
                Map.entry("TRAINBOARD_DATA_DIR", root.resolve("data").toString()),
                Map.entry("TRAINBOARD_DB_NAME", databaseName),
                Map.entry("TRAINBOARD_GATEWAY_PORT", ports.get(0).toString()),
                Map.entry("TRAINBOARD_METRICS_PORT", ports.get(1).toString()),
                Map.entry("TRAINBOARD_TRAINER_PORT", ports.get(2).toString()),
                Map.entry("TRAINBOARD_KAFKA_PORT", ports.get(3).toString()),
                Map.entry("TRAINBOARD_KAFKA_CONTROLLER_PORT", ports.get(4).toString()),
                Map.entry("TRAINBOARD_EMBEDDED_PG_PORT", ports.get(5).toString()),
                // The reactor has just packaged the jars; a stale one here is a broken build, not a reason to build.
                Map.entry("TRAINBOARD_NO_BUILD", "true")));
        String configured = System.getenv("TRAINBOARD_DB_URL");
        if (configured != null && !configured.isBlank()) {
            // ./trainboard uses a configured URL as it is, so the test's own database is made on that server here.
            String url = serverOf(configured) + "/" + databaseName;
            execute(configured, "CREATE DATABASE " + databaseName);
            environment.put("TRAINBOARD_DB_URL", url);
        }
        return new Platform(root, workDir, environment, databaseName);
    }

    /**
     * {@code ./trainboard up} with its arguments (such as {@code --metrics 2 --trainers 2}): starts whatever is not
     * running and waits for every health check.
     */
    void up(String... topology) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("up"));
        arguments.addAll(List.of(topology));
        trainboard(arguments);
    }

    /** {@code ./trainboard check}: every run's event files against PostgreSQL; fails naming each difference. */
    void check() throws IOException, InterruptedException {
        trainboard(List.of("check"));
    }

    /** {@code ./trainboard down}, then drops the test's database unless it died with an embedded server. */
    void downAndDropDatabase() throws IOException, InterruptedException, SQLException {
        boolean databaseChosen = Files.exists(workDir.resolve("state").resolve("db-url"));
        String url = databaseChosen ? databaseUrl() : environment.get("TRAINBOARD_DB_URL");
        trainboard(List.of("down"));
        if (url != null && !url.startsWith("jdbc:postgresql://127.0.0.1:" + environment.get("TRAINBOARD_EMBEDDED_PG_PORT") + "/")) {
            execute(url, "DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
        }
    }

    /** Kills a process the way a crash would: SIGKILL, no shutdown hook, no last offset commit. */
    void crash(String process) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid(process)).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The log of a process ./trainboard started (trainer-service, metrics-service-2, ...). */
    String log(String process) throws IOException {
        return Files.readString(workDir.resolve("state").resolve("logs").resolve(process + ".log"));
    }

    /** Sets a variable of every process started from now on (such as {@code TRAINBOARD_TRAINER_SLOTS}). */
    void setEnvironment(String variable, String value) {
        environment.put(variable, value);
    }

    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(workDir.resolve("state").resolve(process + ".pid")).strip());
    }

    /** The JDBC URL ./trainboard chose and handed to the metrics service. */
    String databaseUrl() throws IOException {
        return Files.readString(workDir.resolve("state").resolve("db-url")).strip();
    }

    /** A connection to the test's database, as the metrics service has. */
    Connection openDatabase() throws IOException, SQLException {
        return DriverManager.getConnection(databaseUrl(), DB_USER, DB_PASSWORD);
    }

    String metricsServiceUrl() {
        return "http://127.0.0.1:" + environment.get("TRAINBOARD_METRICS_PORT");
    }

    /** The ports of the gateway, the metrics service and the trainer. */
    List<Integer> servicePorts() {
        return Stream.of("TRAINBOARD_GATEWAY_PORT", "TRAINBOARD_METRICS_PORT", "TRAINBOARD_TRAINER_PORT")
                .map(variable -> Integer.parseInt(environment.get(variable))).toList();
    }

    /** The Kafka broker, as the services reach it. */
    String kafkaBootstrapServers() {
        return "127.0.0.1:" + environment.get("TRAINBOARD_KAFKA_PORT");
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + environment.get("TRAINBOARD_GATEWAY_PORT");
    }

    Path logDir() {
        return Path.of(environment.get("TRAINBOARD_LOGDIR"));
    }

    /** The artifact store: checkpoints and final models. */
    Path artifacts() {
        return Path.of(environment.get("TRAINBOARD_ARTIFACTS"));
    }

    /** {@code POST /internal/admin/rebuild?run=}: the metrics service writes the run's event files again. */
    void rebuild(String run) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + environment.get("TRAINBOARD_METRICS_PORT")
                + "/internal/admin/rebuild?run=" + run);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + internalToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * The runs the metrics service holds unsynced: one marker per job id in the log dir's {@code .unsynced}
     * (metrics-service's UnsyncedRuns), there while a run's event file is open or may lack stored events.
     */
    List<String> unsyncedMarkers() throws IOException {
        Path markers = logDir().resolve(".unsynced");
        if (!Files.isDirectory(markers)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(markers)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The internal API's token ./trainboard generated into its state dir, after checking that only its owner can
     * read the file.
     */
    String internalToken() throws IOException {
        Path file = Path.of(environment.get("TRAINBOARD_STATE_DIR"), "internal-token");
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!permissions.equals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) {
            throw new IllegalStateException(file + " is readable beyond its owner: " + permissions);
        }
        return Files.readString(file).strip();
    }

    /** The count of one of the metrics service's Micrometer counters, read from its actuator with the token. */
    double metricsServiceCount(String meter) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + environment.get("TRAINBOARD_METRICS_PORT")
                + "/actuator/metrics/" + meter);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + internalToken()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("measurements").path(0).path("value").asDouble();
    }

    private void trainboard(List<String> arguments) throws IOException, InterruptedException {
        Path log = workDir.resolve("platform.log");
        List<String> command = new ArrayList<>(List.of(root.resolve("trainboard").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(6).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./trainboard " + arguments + " did not finish; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("./trainboard " + arguments + " failed:\n" + Files.readString(log));
        }
    }

    /** Runs one statement on the maintenance database of the server that {@code databaseUrl} points at. */
    private static void execute(String databaseUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverOf(databaseUrl) + "/postgres", DB_USER,
                DB_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** {@code jdbc:postgresql://host:port/db?options} without {@code /db?options}. */
    private static String serverOf(String databaseUrl) {
        String withoutOptions = databaseUrl.split("\\?", 2)[0];
        return withoutOptions.substring(0, withoutOptions.lastIndexOf('/'));
    }

    /** A previous run's state (Kafka's data formatted for other ports, its db-url) must not leak into this one. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Ports nothing listens on, from a random point of 20000-30000: below Linux's ephemeral range (32768 up),
     * from which the kernel picks the local port of every outgoing connection. A port from that range, free when
     * chosen, could be an outgoing connection's of the platform's own processes by the time its service binds it;
     * so could the ports {@code ./trainboard up --metrics N} gives replicas, which follow the highest of these.
     */
    private static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int port = 20_000 + ThreadLocalRandom.current().nextInt(10_000); ports.size() < count; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                ports.add(socket.getLocalPort());
            } catch (IOException e) {
                // in use: try the next one
            }
        }
        return ports;
    }
}
