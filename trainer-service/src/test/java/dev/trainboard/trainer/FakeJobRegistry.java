package dev.trainboard.trainer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in for the metrics service's {@code GET /internal/jobs/{id}}, the one call the trainer makes: it answers
 * for the jobs a test registered, 404 for others, and 401 without the test's internal token.
 */
public final class FakeJobRegistry implements AutoCloseable {

    /** The token of src/test/resources/config/application.yml. */
    public static final String TOKEN = "test-internal-token";
    private static final String JOBS = "/internal/jobs/";

    private final HttpServer server;
    private final Map<UUID, JobView> jobs = new ConcurrentHashMap<>();

    private FakeJobRegistry(HttpServer server) {
        this.server = server;
        server.createContext(JOBS, this::answer);
        server.start();
    }

    /** Starts a registry on a free loopback port; fails the test class that holds it when none can be bound. */
    public static FakeJobRegistry start() {
        try {
            return new FakeJobRegistry(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake job registry", e);
        }
    }

    /** Points the trainer of a test context at MNIST's test data and at this registry. */
    public void configure(DynamicPropertyRegistry properties) {
        properties.add("trainboard.trainer.data-dir", () -> MnistTestData.dataDir().toString());
        properties.add("trainboard.metrics-service.url", () -> url().toString());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Registers a job as QUEUED, as the metrics service does when the gateway submits it. */
    public void register(UUID id, JobSpec spec) {
        jobs.put(id, new JobView(id, spec.runName(), spec.sweep(), spec, JobStatus.QUEUED, 0, null, null, null, null,
                null, Instant.now(), null, null));
    }

    /** Moves a registered job to a status, as ingestion does when the trainer reports it. */
    public void status(UUID id, JobStatus status) {
        jobs.computeIfPresent(id, (key, job) -> new JobView(id, job.runName(), job.sweep(), job.spec(), status,
                job.attempt(), job.device(), job.host(), job.error(), job.progress(), job.finalMetrics(),
                job.createdAt(), job.startedAt(), job.finishedAt()));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"status\":401}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            JobView job = null;
            try {
                job = jobs.get(UUID.fromString(exchange.getRequestURI().getPath().substring(JOBS.length())));
            } catch (IllegalArgumentException notAnId) {
                // answered as unknown below
            }
            if (job == null) {
                send(exchange, 404, "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, EventJson.mapper().writeValueAsBytes(job));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
