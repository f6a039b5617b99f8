package dev.trainboard.gateway;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.Topics;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real metrics service, started from its jar as a separate process with a KRaft broker and a database of its
 * own, as the gateway meets it in production. Tests play the trainer by publishing events to the broker.
 *
 * <p>The jar is {@code ../metrics-service/target/metrics-service-*.jar}, which the reactor builds before this
 * module ({@code mvn verify} at the root); {@code -Dmetrics-service.jar=...} points elsewhere.
 */
public final class RealMetricsService implements AutoCloseable {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    /** The token the gateway's test contexts send (src/test/resources/config/application.yml). */
    static final String INTERNAL_TOKEN = "test-internal-token";

    private final EmbeddedKafkaKraftBroker broker;
    private final String database;
    private final Path logDir;
    private final Process process;
    private final int port;
    private final KafkaProducer<String, String> producer;

    private RealMetricsService(EmbeddedKafkaKraftBroker broker, String database, Path logDir, Process process,
            int port) {
        this.broker = broker;
        this.database = database;
        this.logDir = logDir;
        this.process = process;
        this.port = port;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    public static RealMetricsService start() throws Exception {
        File jar = jar();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.EVENTS, Topics.JOBS,
                Topics.CONTROL);
        broker.afterPropertiesSet();
        String database = "gateway_contract_" + UUID.randomUUID().toString().replace("-", "");
        execute("create database " + database);
        Path logDir = Files.createTempDirectory("gateway-contract-runs");
        int port = freePort();
        Path log = Path.of("target", "metrics-service-contract.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.getAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "SERVER_PORT", String.valueOf(port),
                "TRAINBOARD_DB_URL", POSTGRES + database,
                "KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString(),
                "TRAINBOARD_LOGDIR", logDir.toString(),
                "TRAINBOARD_INTERNAL_TOKEN", INTERNAL_TOKEN));
        Process process = builder.start();
        // A test JVM killed mid-run must not leave the service behind holding its port and database.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        RealMetricsService service = new RealMetricsService(broker, database, logDir, process, port);
        try {
            service.awaitHealthy(log);
        } catch (Exception | AssertionError failure) {
            service.close();
            throw failure;
        }
        return service;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Publishes an event for a job as a trainer would: keyed by job id, JSON envelope, acknowledged. */
    public void publish(UUID jobId, int attempt, EventPayload payload) throws Exception {
        String value = EventJson.mapper().writeValueAsString(EventEnvelope.of(jobId, attempt, payload));
        producer.send(new ProducerRecord<>(Topics.EVENTS, jobId.toString(), value)).get(30, TimeUnit.SECONDS);
    }

    private static File jar() {
        String configured = System.getProperty("metrics-service.jar");
        if (configured != null) {
            return new File(configured);
        }
        File[] jars = new File("../metrics-service/target").listFiles(
                (dir, name) -> name.startsWith("metrics-service-") && name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No metrics-service jar in ../metrics-service/target: build it first "
                    + "(mvn -B -pl metrics-service package -DskipTests, or mvn verify from the root)");
        }
        return jars[0];
    }

    private void awaitHealthy(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(url().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The metrics service exited with " + process.exitValue()
                        + "; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The metrics service did not become healthy within " + STARTUP + "; see "
                + log.toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        broker.destroy();
        execute("drop database if exists " + database + " with (force)");
        try (var files = Files.walk(logDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
