package dev.trainboard.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A stand-in for the metrics service that fails on purpose: per path pattern it answers with a fixed status and
 * body, drops the connection, stalls, or holds part of a body back. For the failure and unavailability cases only; happy paths run against
 * the real metrics service. Records every request so a test can assert that bad input never reached upstream.
 */
public final class ScriptedMetricsService implements AutoCloseable {

    /** What to do with a request. */
    public sealed interface Reply {
    }

    /** Answer with this status, content type and body. */
    public record Answer(int status, String contentType, String body) implements Reply {
    }

    /** Close the connection without answering, as a crashed service would. */
    public record Drop() implements Reply {
    }

    /** Wait this long before answering 200, longer than the gateway's read timeout. */
    public record Stall(long millis) implements Reply {
    }

    /** Answer 200 with {@code first}, then hold the rest of the body back until {@code release} opens. */
    public record Trickle(String contentType, String first, CountDownLatch release, String rest) implements Reply {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<Pattern, Reply> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private ScriptedMetricsService(Map<Pattern, Reply> script) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a free loopback port; paths the script does not match answer 404 "No such job". */
    public static ScriptedMetricsService start(Map<Pattern, Reply> script) {
        try {
            return new ScriptedMetricsService(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer problem(int status, String detail) {
        return new Answer(status, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Upstream says no\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}");
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Method and path-with-query of every request received so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() != null ? "?" + exchange.getRequestURI().getRawQuery() : "");
        requests.add(exchange.getRequestMethod() + " " + target);
        exchange.getRequestBody().readAllBytes();
        Reply reply = script.entrySet().stream()
                .filter(entry -> entry.getKey().matcher(exchange.getRequestURI().getRawPath()).matches())
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(problem(404, "No such job"));
        if (reply instanceof Answer answer) {
            respond(exchange, answer);
        } else if (reply instanceof Trickle trickle) {
            exchange.getResponseHeaders().set("Content-Type", trickle.contentType());
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(trickle.first().getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            await(trickle.release());
            exchange.getResponseBody().write(trickle.rest().getBytes(StandardCharsets.UTF_8));
            exchange.close();
        } else if (reply instanceof Stall stall) {
            sleep(stall.millis());
            respond(exchange, new Answer(200, "application/json", "{}"));
        } else {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
