package dev.trainboard.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.gateway.ScriptedMetricsService;
import dev.trainboard.gateway.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends well over a thousand generated bad requests over real HTTP and requires every answer to be a 4xx with a
 * problem body, and the metrics service behind to have been asked nothing it should not have been. The seed is
 * fixed so that a failure can be replayed; the figures are printed for docs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadRequestFuzzIntegrationTests {

    private static final long SEED = 20261127L;
    private static final String[] FIELDS = {"runName", "dataset", "epochs", "batchSize", "learningRate",
        "hiddenSize", "optimizer", "seed", "device", "logEverySteps", "trainLimit", "testLimit"};

    static final ScriptedMetricsService METRICS = ScriptedMetricsService.start(Map.of());

    @DynamicPropertySource
    static void metricsService(DynamicPropertyRegistry registry) {
        registry.add("trainboard.metrics-service.url", () -> METRICS.url().toString());
    }

    @AfterAll
    static void stop() {
        METRICS.close();
    }

    @LocalServerPort
    int port;

    private final Random random = new Random(SEED);
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One generated request and the family it came from. */
    private record Case(String family, HttpRequest request, String shown) {
    }

    @Test
    void everyBadRequestGetsA4xxProblemAndNothingBadReachesTheMetricsService() throws Exception {
        List<Case> cases = new ArrayList<>();
        add(cases, "random-json", 200, () -> postJob(randomBadJson()));
        add(cases, "wrong-type", 200, () -> {
            String field = pick(FIELDS);
            return postJob(objectWith(field, wrongType(field)));
        });
        add(cases, "boundary", 200, this::boundaryCase);
        add(cases, "bad-run-name", 150, () -> postJob(objectWith("runName", quote(badRunName()))));
        add(cases, "malformed-json", 120, () -> postJob(malformedJson()));
        add(cases, "huge-body", 30, this::hugeBody);
        add(cases, "bad-id", 150, this::badId);
        add(cases, "unknown-id", 40, () -> get("/api/jobs/" + UUID.randomUUID() + pick(
                "", "/scalars?tag=loss", "/graph", "/hparams", "/tags", "/scalars.csv", "/stream")));
        add(cases, "bad-query", 100, this::badQuery);
        add(cases, "bad-sweep", 120, () -> post("/api/sweeps", badSweep(), "application/json"));
        add(cases, "wrong-content-type", 20, () -> post("/api/jobs", "{}", pick("text/plain", "application/xml",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream")));
        add(cases, "bad-idempotency-key", 20, this::badIdempotencyKey);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (Case generated : cases) {
            int upstreamCallsBefore = METRICS.requests().size();
            HttpResponse<String> response = http.send(generated.request(), HttpResponse.BodyHandlers.ofString());
            if (!generated.family().equals("unknown-id") && METRICS.requests().size() != upstreamCallsBefore) {
                failures.add(generated.family() + " " + generated.shown() + " reached the metrics service");
            }
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            String problem = problemIssue(response);
            if (response.statusCode() < 400 || response.statusCode() >= 500 || problem != null) {
                failures.add(generated.family() + " " + generated.shown() + " -> " + response.statusCode() + " "
                        + (problem != null ? problem : "") + " " + abbreviate(response.body()));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int fiveHundreds = byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue)
                .sum();
        System.out.printf("Fuzz: %d bad requests in %d ms; answers by status %s; 5xx: %d; not 4xx-with-problem: %d%n",
                cases.size(), millis, byStatus, fiveHundreds, failures.size());

        assertThat(cases).hasSizeGreaterThanOrEqualTo(1_000);
        assertThat(failures).as("requests not answered with a 4xx problem body, or passed on").isEmpty();
        assertThat(METRICS.requests()).as("the unknown ids were looked up").hasSizeGreaterThanOrEqualTo(40);
    }

    private void add(List<Case> cases, String family, int count, Supplier<Case> generator) {
        for (int i = 0; i < count; i++) {
            Case generated = generator.get();
            cases.add(new Case(family, generated.request(), generated.shown()));
        }
    }

    /** Null when the body is a problem that matches the status, else what is wrong with it. */
    private String problemIssue(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return "content type " + response.headers().firstValue("Content-Type").orElse("none");
        }
        JsonNode problem = json.readTree(response.body());
        if (problem.path("status").asInt() != response.statusCode() || problem.path("title").asString("").isEmpty()) {
            return "status or title missing";
        }
        if (response.statusCode() == 400) {
            JsonNode errors = problem.path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                return "no errors list";
            }
            for (JsonNode error : errors) {
                if (error.path("field").asString("").isEmpty() || error.path("rule").asString("").isEmpty()) {
                    return "an error without field or rule";
                }
            }
        }
        return null;
    }

    // --- request builders ---

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Case postJob(String body) {
        return post("/api/jobs", body, "application/json");
    }

    private Case post(String path, String body, String contentType) {
        return new Case("", HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.SUBMITTER)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                "POST " + path + " " + abbreviate(body));
    }

    private Case get(String path) {
        return new Case("", HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.SUBMITTER).GET()
                .build(), "GET " + path);
    }

    private Case delete(String path) {
        return new Case("", HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.SUBMITTER).DELETE()
                .build(), "DELETE " + path);
    }

    // --- generators ---

    private Case boundaryCase() {
        String[][] outside = {
            {"epochs", "0", "101", "-1", "2147483648", "1e10"},
            {"batchSize", "0", "60001", "-100"},
            {"learningRate", "0", "-0.0", "-1e-9", "10.000001", "1e400", "1e-400", "11"},
            {"hiddenSize", "0", "4097", "-4096"},
            {"logEverySteps", "0", "100001"},
            {"trainLimit", "0", "60001"},
            {"testLimit", "0", "10001"},
            {"seed", "9223372036854775808", "-9223372036854775809", "1e30"},
        };
        String[] field = outside[random.nextInt(outside.length)];
        return postJob(objectWith(field[0], field[1 + random.nextInt(field.length - 1)]));
    }

    /** A value of the wrong JSON type for {@code field}; for the one string field, anything but a string. */
    private String wrongType(String field) {
        if (field.equals("runName")) {
            return pick("5", "1.5", "true", "{}", "[]", "[\"mnist1\"]", "{\"a\": 1}");
        }
        String fraction = field.equals("learningRate") ? "-1.5" : "1.5";
        return pick("\"5\"", fraction, "true", "false", "{}", "[]", "[1]", "{\"a\": 1}", "\"\"", "\"MNIST\"",
                "\"GPU\"", "-0.5e3", "\"0.001\"", "12345678901234567890123");
    }

    private String badRunName() {
        if (random.nextInt(20) == 0) {
            return "";
        }
        return pick(".", "..", "../runs", "a/b", "a\\\\b", ".hidden", "-dash", "_under", "with space", "tab\\t",
                "null\\u0000byte", "x".repeat(65 + random.nextInt(200)), "caf\u00e9", "\u4e2d\u6587", "a:b", "a*b",
                "%2e%2e", "run\\nname", "/abs", "C:\\\\x", "~home", "a?b", "a#b", "emoji\ud83d\ude00")
                + (random.nextBoolean() ? "" : randomAlnum(random.nextInt(3)));
    }

    private String malformedJson() {
        String valid = "{\"runName\": \"mnist1\", \"epochs\": 2, \"learningRate\": 0.01, \"optimizer\": \"adam\"}";
        return switch (random.nextInt(10)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length() - 1));
            case 1 -> valid + " " + pick("{}", "x", "[", "1", "\"\"");
            case 2 -> "{\"epochs\": 2, \"epochs\": 3}";
            case 3 -> "{'epochs': 2}";
            case 4 -> "{\"epochs\": 2,}";
            case 5 -> "{\"learningRate\": NaN}";
            case 6 -> "{/* comment */ \"epochs\": 2}";
            case 7 -> "{\"epochs\": 0x10}";
            case 8 -> "[".repeat(2000 + random.nextInt(2000));
            default -> randomGarbage();
        };
    }

    private Case hugeBody() {
        int size = 66_000 + random.nextInt(400_000);
        String body = "{\"runName\": \"" + "a".repeat(size) + "\"}";
        HttpRequest.BodyPublisher publisher = random.nextBoolean()
                ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        String path = random.nextBoolean() ? "/api/jobs" : "/api/sweeps";
        return new Case("", HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.SUBMITTER)
                .header("Content-Type", "application/json").POST(publisher).build(), "POST " + path + " " + size
                + " bytes");
    }

    private Case badId() {
        String id = pick("not-a-uuid", "123", "0", "-1", "null", "undefined", "%7Bid%7D",
                UUID.randomUUID().toString().substring(0, 35), UUID.randomUUID() + "0",
                UUID.randomUUID().toString().replace('-', 'x'), "g" + UUID.randomUUID().toString().substring(1),
                encode(randomAlnum(1 + random.nextInt(40))), encode("caf\u00e9"), encode("a b"), "%20", "..%3B",
                "a%2Fb", "..%2F..%2Fetc", "%00", "x%5Cy", "a;b", "%2e%2e",
                "x".repeat(300));
        String suffix = pick("", "", "/scalars?tag=loss", "/scalars.csv", "/images/batch/0", "/graph",
                "/histograms", "/pr-curves", "/texts", "/hparams", "/tags", "/stream");
        return random.nextInt(4) == 0 ? delete("/api/jobs/" + id) : get("/api/jobs/" + id + suffix);
    }

    private Case badQuery() {
        String job = "/api/jobs/" + UUID.randomUUID();
        return get(pick("/api/jobs?page=-1", "/api/jobs?page=abc", "/api/jobs?page=100001", "/api/jobs?size=0",
                "/api/jobs?size=101", "/api/jobs?size=1.5", "/api/jobs?status=queued", "/api/jobs?status=DONE",
                "/api/jobs?sweep=..", "/api/jobs?sweep=a%2Fb", "/api/jobs?sweep=" + "s".repeat(70),
                job + "/scalars", job + "/scalars?tag=", job + "/scalars?tag=loss&maxPoints=0",
                job + "/scalars?tag=loss&maxPoints=3", job + "/scalars?tag=loss&maxPoints=x",
                job + "/scalars?tag=loss&maxPoints=1000000", job + "/scalars?tag=loss&afterStep=-1",
                job + "/scalars?tag=loss&afterStep=one", job + "/scalars?tag=" + "t".repeat(257),
                job + "/images/batch/-1", job + "/images/batch/x", job + "/histograms?tag=",
                job + "/pr-curves?tag=" + "p".repeat(300), job + "/scalars.csv?tag="));
    }

    private String badSweep() {
        return switch (random.nextInt(14)) {
            case 0 -> "{\"name\": \"s\", \"grid\": {}}";
            case 1 -> "{\"name\": \"s\"}";
            case 2 -> "{\"grid\": {\"learningRate\": [0.1]}}";
            case 3 -> "{\"name\": " + quote(badRunName()) + ", \"grid\": {\"learningRate\": [0.1]}}";
            case 4 -> "{\"name\": \"s\", \"grid\": {\"" + randomAlnum(6) + "\": [1]}}";
            case 5 -> "{\"name\": \"s\", \"grid\": {\"learningRate\": "
                    + pick("\"5\"", "1.5", "true", "{}", "[\"x\"]", "[true]", "[[0.1]]", "[{}]") + "}}";
            case 6 -> "{\"name\": \"s\", \"grid\": {\"epochs\": [1, " + pick("0", "101", "\"2\"", "null", "1.5") + "]}}";
            case 7 -> "{\"name\": \"s\", \"grid\": {\"seed\": [1, 1]}}";
            case 8 -> "{\"name\": \"s\", \"grid\": {\"seed\": [1, 2]}, \"runNames\": [\"a\"]}";
            case 9 -> "{\"name\": \"s\", \"grid\": {\"seed\": [1, 2]}, \"runNames\": [\"a\", " + quote(badRunName())
                    + "]}";
            case 10 -> "{\"name\": \"s\", \"grid\": {\"seed\": [1,2,3,4,5,6,7,8,9], \"epochs\": [1,2,3,4,5,6,7,8]}}";
            case 11 -> {
                String field = pick(FIELDS);
                yield "{\"name\": \"s\", \"base\": " + objectWith(field, wrongType(field))
                        + ", \"grid\": {\"seed\": [1]}}";
            }
            case 12 -> "{\"name\": \"" + "n".repeat(57) + "\", \"grid\": {\"learningRate\": [0.001, 0.01]}}";
            default -> "{\"name\": \"s\", \"grid\": {\"learningRate\": [0.1]}, \"extra\": true}";
        };
    }

    private Case badIdempotencyKey() {
        String key = pick("x".repeat(129 + random.nextInt(500)), "has space", "tab\there", " ");
        return new Case("", HttpRequest.newBuilder(uri("/api/jobs")).header("Authorization", TestTokens.SUBMITTER)
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), "POST /api/jobs key=" + abbreviate(key));
    }

    /** A random JSON value that cannot be a job: not an object, or an object with at least one unknown field. */
    private String randomBadJson() {
        if (random.nextInt(4) == 0) {
            return randomValue(3);
        }
        StringBuilder object = new StringBuilder("{\"x" + randomAlnum(1 + random.nextInt(8)) + "\": "
                + randomValue(3));
        for (int i = random.nextInt(4); i > 0; i--) {
            object.append(", ").append(quote(random.nextBoolean() ? pick(FIELDS) : randomAlnum(5))).append(": ")
                    .append(randomValue(2));
        }
        return object.append('}').toString();
    }

    private String randomValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(20) - 10));
            case 4 -> quote(randomAlnum(random.nextInt(12)));
            case 5 -> "\"\"";
            case 6 -> "[" + randomValue(depth - 1) + ", " + randomValue(depth - 1) + "]";
            default -> "{" + quote(randomAlnum(4)) + ": " + randomValue(depth - 1) + "}";
        };
    }

    private String randomGarbage() {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private String objectWith(String field, String rawValue) {
        return "{" + quote(field) + ": " + rawValue + "}";
    }

    private String randomAlnum(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
