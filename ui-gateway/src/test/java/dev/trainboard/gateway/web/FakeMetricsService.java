package dev.trainboard.gateway.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.events.api.RegisterSweepRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A stand-in for the metrics service's internal job API, answering from fixed data and recording registrations.
 * The web page test is about what the browser renders and sends; the gateway's own contract tests run against the
 * real metrics service.
 *
 * <p>One job may be live: it is RUNNING until the gateway's stream has fetched its points (a scalars query with
 * {@code afterStep}), then it is answered in its terminal state. Chromium's virtual time waits for pending fetches
 * but not for the body of an open event stream, so while a page watches the live job, job-list queries (the page
 * refreshes its list on a timer) are held until the job has ended and the gateway has had a moment to pass the
 * end on. The page has then seen the whole stream when Chromium takes its picture.
 */
final class FakeMetricsService implements AutoCloseable {

    private static final String JOBS = "/internal/jobs";
    private static final String SWEEPS = "/internal/sweeps";
    private static final long LIST_HOLD_SECONDS = 15;
    private static final long END_DELIVERY_MILLIS = 1_000;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<JobView> jobs;
    private final List<RegisterJobRequest> registered = new CopyOnWriteArrayList<>();
    private final List<RegisterSweepRequest> registeredSweeps = new CopyOnWriteArrayList<>();
    private final Map<UUID, List<ScalarPoint>> scalarsByJob;
    private final JobView liveJobEnd;
    private final CountDownLatch liveJobEnded = new CountDownLatch(1);
    private volatile boolean liveJobWatched;
    private volatile boolean liveJobStreamed;

    /**
     * @param jobs what the job list shows, newest first
     * @param liveJobEnd the terminal state of the one live job among {@code jobs}
     */
    FakeMetricsService(List<JobView> jobs, Map<UUID, List<ScalarPoint>> scalarsByJob, JobView liveJobEnd)
            throws IOException {
        this.jobs = jobs;
        this.scalarsByJob = scalarsByJob;
        this.liveJobEnd = liveJobEnd;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext(JOBS, this::answer);
        this.server.createContext(SWEEPS, this::answerSweep);
        this.server.setExecutor(executor);
        this.server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The registrations the gateway sent, in order. */
    List<RegisterJobRequest> registered() {
        return List.copyOf(registered);
    }

    /** The sweep registrations the gateway sent, in order. */
    List<RegisterSweepRequest> registeredSweeps() {
        return List.copyOf(registeredSweeps);
    }

    private void answerSweep(HttpExchange exchange) throws IOException {
        try (exchange) {
            RegisterSweepRequest request = EventJson.mapper().readValue(exchange.getRequestBody(),
                    RegisterSweepRequest.class);
            registeredSweeps.add(request);
            send(exchange, 201, "application/json", EventJson.mapper().writeValueAsBytes(
                    request.specs().stream().map(FakeMetricsService::queued).toList()));
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("POST".equals(exchange.getRequestMethod()) && JOBS.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 201, "application/json", EventJson.mapper().writeValueAsBytes(register(exchange)));
                return;
            }
            String rest = exchange.getRequestURI().getPath().substring(JOBS.length());
            String[] segments = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
            Optional<Object> body = !"GET".equals(exchange.getRequestMethod()) ? Optional.empty()
                    : segments.length == 0 ? Optional.of(list())
                    : segments.length == 1 ? job(segments[0]).map(Object.class::cast)
                    : segments.length == 2 && "tags".equals(segments[1]) ? Optional.of(tags(segments[0]))
                    : segments.length == 2 && "scalars".equals(segments[1])
                            ? Optional.of(scalars(segments[0], query(exchange)))
                    : Optional.empty();
            if (body.isPresent()) {
                send(exchange, 200, "application/json", EventJson.mapper().writeValueAsBytes(body.get()));
            }
            else {
                send(exchange, 404, "application/problem+json",
                        "{\"title\":\"Not Found\",\"status\":404}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private JobView register(HttpExchange exchange) throws IOException {
        RegisterJobRequest request = EventJson.mapper().readValue(exchange.getRequestBody(), RegisterJobRequest.class);
        registered.add(request);
        return queued(request.spec());
    }

    private static JobView queued(JobSpec spec) {
        return new JobView(UUID.randomUUID(), spec.runName(), spec.sweep(), spec, JobStatus.QUEUED, 0, null, null, null,
                null, null, Instant.now(), null, null);
    }

    private JobPage list() {
        if (liveJobWatched && liveJobEnded.getCount() > 0) {
            try {
                if (liveJobEnded.await(LIST_HOLD_SECONDS, TimeUnit.SECONDS)) {
                    Thread.sleep(END_DELIVERY_MILLIS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new JobPage(jobs, 0, 20, jobs.size());
    }

    private Optional<JobView> job(String id) {
        if (liveJobEnd.id().toString().equals(id)) {
            liveJobWatched = true;
            if (liveJobStreamed) {
                liveJobEnded.countDown();
                return Optional.of(liveJobEnd);
            }
        }
        return jobs.stream().filter(job -> job.id().toString().equals(id)).findFirst();
    }

    private Map<String, List<String>> tags(String id) {
        List<String> scalarTags = pointsOf(id).stream().map(ScalarPoint::tag).distinct().toList();
        return Map.of("scalars", scalarTags, "images", List.of(), "histograms", List.of(), "prCurves", List.of(),
                "texts", List.of());
    }

    private List<ScalarPoint> scalars(String id, Map<String, String> query) {
        long afterStep = Long.parseLong(query.getOrDefault("afterStep", "-1"));
        if (query.containsKey("afterStep") && liveJobEnd.id().toString().equals(id)) {
            liveJobStreamed = true;
        }
        return pointsOf(id).stream()
                .filter(point -> point.tag().equals(query.get("tag")) && point.step() > afterStep)
                .toList();
    }

    private List<ScalarPoint> pointsOf(String id) {
        return scalarsByJob.getOrDefault(UUID.fromString(id), List.of());
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        return query == null ? Map.of() : Arrays.stream(query.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0],
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "",
                        (first, second) -> second));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
