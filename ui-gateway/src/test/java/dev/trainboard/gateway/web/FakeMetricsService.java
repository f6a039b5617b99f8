package dev.trainboard.gateway.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.api.JobPage;
import dev.trainboard.events.api.JobView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A stand-in for the metrics service's internal job API, answering from fixed data. The web page test is about
 * what the browser renders; the gateway's own contract tests run against the real metrics service.
 */
final class FakeMetricsService implements AutoCloseable {

    private static final String JOBS = "/internal/jobs";

    private final HttpServer server;
    private final List<JobView> jobs;
    private final Map<String, List<ScalarPoint>> scalarsByJob;
    private final Map<String, JobView> endings;
    private final Set<String> streamed = ConcurrentHashMap.newKeySet();

    /**
     * @param endings jobs that finish: once the gateway's stream has fetched a job's points (a query with
     *     {@code afterStep}), the job is answered in the state given here
     */
    FakeMetricsService(List<JobView> jobs, Map<String, List<ScalarPoint>> scalarsByJob, Map<String, JobView> endings)
            throws IOException {
        this.jobs = jobs;
        this.scalarsByJob = scalarsByJob;
        this.endings = endings;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext(JOBS, this::answer);
        this.server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rest = exchange.getRequestURI().getPath().substring(JOBS.length());
            String[] segments = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
            Optional<Object> body = !"GET".equals(exchange.getRequestMethod()) ? Optional.empty()
                    : segments.length == 0 ? Optional.of(new JobPage(jobs, 0, 20, jobs.size()))
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
                        "{\"title\":\"Not Found\",\"status\":404}".getBytes());
            }
        }
    }

    private Map<String, List<String>> tags(String id) {
        List<String> scalarTags = scalarsByJob.getOrDefault(id, List.of()).stream()
                .map(ScalarPoint::tag).distinct().toList();
        return Map.of("scalars", scalarTags, "images", List.of(), "histograms", List.of(), "prCurves", List.of(),
                "texts", List.of());
    }

    private List<ScalarPoint> scalars(String id, Map<String, String> query) {
        long afterStep = Long.parseLong(query.getOrDefault("afterStep", "-1"));
        if (query.containsKey("afterStep")) {
            streamed.add(id);
        }
        return scalarsByJob.getOrDefault(id, List.of()).stream()
                .filter(point -> point.tag().equals(query.get("tag")) && point.step() > afterStep)
                .toList();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        return query == null ? Map.of() : Arrays.stream(query.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0],
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "",
                        (first, second) -> second));
    }

    private Optional<JobView> job(String id) {
        if (streamed.contains(id) && endings.containsKey(id)) {
            return Optional.of(endings.get(id));
        }
        return jobs.stream().filter(job -> job.id().toString().equals(id)).findFirst();
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
    }
}
