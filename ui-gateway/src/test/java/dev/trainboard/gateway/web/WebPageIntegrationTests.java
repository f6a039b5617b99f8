package dev.trainboard.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.api.JobProgress;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterSweepRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Loads the page from a running gateway in headless Chromium and checks what a person would see: the job list
 * with run names, statuses and progress, a selected job's chart, and a screenshot of the list.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageIntegrationTests {

    private static final String READER_TOKEN = "web-page-reader-token";
    private static final String SUBMITTER_TOKEN = "web-page-submitter-token";
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    /** Tall enough to show the detail panel with its chart below the job list. */
    private static final int TALL = 1400;
    private static final int SUCCEEDED_GREEN = 0x1a7f37;
    private static final int FAILED_RED = 0xb42318;
    private static final int SECOND_SERIES_ORANGE = 0xc2410c;
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static final JobView RUNNING = job("lr-0.001", "lr", JobStatus.RUNNING,
            new JobProgress(0, 2, 540, 1200, 812.4, 81.0, 0.41), null, null, 1);
    private static final JobView RUNNING_ENDED = new JobView(RUNNING.id(), RUNNING.runName(), RUNNING.sweep(),
            RUNNING.spec(), JobStatus.SUCCEEDED, 1, "cpu", "trainer-1", null,
            new JobProgress(1, 2, 1200, 1200, 805.0, 0.0, 0.1), Map.of("test accuracy", 0.9688), RUNNING.createdAt(),
            RUNNING.startedAt(), NOW);
    private static final JobView QUEUED = job("lr-0.01", "lr", JobStatus.QUEUED, null, null, null, 2);
    private static final JobView SUCCEEDED = job("mnist-baseline", null, JobStatus.SUCCEEDED,
            new JobProgress(1, 2, 1200, 1200, 790.0, 0.0, 0.09), null, Map.of("test accuracy", 0.9712), 3);
    private static final JobView FAILED = job("fashion-oom", null, JobStatus.FAILED,
            new JobProgress(0, 2, 300, 1200, 700.0, 120.0, 0.8), "out of memory on the trainer", null, 4);

    private static final FakeMetricsService METRICS = startMetrics();

    /** Screenshots, DOM dumps and Chromium's logs stay here for a look after the run. */
    private static final Path WORK_DIR = Path.of("target", "web-page");

    @LocalServerPort
    int port;

    private HeadlessChromium chromium;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("trainboard.metrics-service.url", () -> METRICS.url().toString());
        registry.add("trainboard.security.tokens[0].name", () -> "web-page-test");
        registry.add("trainboard.security.tokens[0].sha256", () -> sha256(READER_TOKEN));
        registry.add("trainboard.security.tokens[0].role", () -> "READER");
        registry.add("trainboard.security.tokens[1].name", () -> "web-page-test-submitter");
        registry.add("trainboard.security.tokens[1].sha256", () -> sha256(SUBMITTER_TOKEN));
        registry.add("trainboard.security.tokens[1].role", () -> "SUBMITTER");
        // Test-only pages (src/test/resources/web) are served next to the real ones.
        registry.add("spring.web.resources.static-locations", () -> "classpath:/static/,classpath:/web/");
        registry.add("trainboard.stream.poll-interval", () -> "100ms");
    }

    @BeforeEach
    void findChromium() throws IOException {
        chromium = HeadlessChromium.onPath(Files.createDirectories(WORK_DIR));
    }

    @AfterAll
    static void stopMetrics() {
        METRICS.close();
    }

    @Test
    void jobListShowsEveryJobWithItsStatusAndProgress() throws Exception {
        Document page = dom(open("token=" + READER_TOKEN, HEIGHT));

        Map<String, Element> rows = page.select("#job-rows tr[data-job]").stream()
                .collect(Collectors.toMap(row -> row.selectFirst("button[data-action=select]").text(),
                        Function.identity()));
        assertThat(rows).containsOnlyKeys("lr-0.001", "lr-0.01", "mnist-baseline", "fashion-oom");
        assertThat(rows).allSatisfy((runName, row) -> assertThat(row.selectFirst(".status").text())
                .isEqualTo(statusOf(runName)));

        Element running = rows.get("lr-0.001");
        assertThat(running.selectFirst("progress").attr("aria-label")).isEqualTo("Progress of lr-0.001");
        assertThat(running.select(".progress-text").text())
                .contains("epoch 1/2", "step 540/1,200", "812 img/s", "ETA 1m 21s");
        assertThat(running.select(".sweep").text()).isEqualTo("sweep lr");
        assertThat(rows.get("lr-0.01").text()).contains("waiting for a trainer");
        assertThat(rows.get("mnist-baseline").select(".progress-text").text()).isEqualTo("test accuracy 0.9712");
        assertThat(rows.get("fashion-oom").select(".error-text").text()).isEqualTo("out of memory on the trainer");
        assertThat(page.getElementById("page-state").text()).startsWith("Page 1 of 1 · 4 jobs");
        assertThat(page.getElementById("jobs-message").text()).isEmpty();
    }

    @Test
    void screenshotShowsTheStatusBadgesOfTheRenderedList() throws Exception {
        BufferedImage withJobs = image(open("token=" + READER_TOKEN, HEIGHT));
        BufferedImage withoutToken = image(open("", HEIGHT));

        assertThat(withJobs.getWidth()).isEqualTo(WIDTH);
        assertThat(withJobs.getHeight()).isEqualTo(HEIGHT);
        assertThat(distinctColours(withJobs)).as("colours in a rendered page, not a blank image").isGreaterThan(200);
        // Badge colours appear only where a row shows a SUCCEEDED or FAILED job: a filled badge is hundreds of
        // pixels; the page without a token, and so without rows, has none.
        assertThat(pixelsOf(withJobs, SUCCEEDED_GREEN)).isGreaterThan(300);
        assertThat(pixelsOf(withJobs, FAILED_RED)).isGreaterThan(300);
        assertThat(pixelsOf(withoutToken, SUCCEEDED_GREEN)).isZero();
        assertThat(pixelsOf(withoutToken, FAILED_RED)).isZero();
    }

    @Test
    void pageWithoutTokenAsksForOne() throws Exception {
        Document page = dom(open("", HEIGHT));

        assertThat(page.select("#job-rows tr[data-job]")).isEmpty();
        assertThat(page.getElementById("jobs-message").text()).isEqualTo("Enter an API token above to see the jobs.");
        assertThat(page.getElementById("token-state").text()).isEqualTo("No token yet.");
    }

    @Test
    void refusedTokenIsExplained() throws Exception {
        Document page = dom(open("token=not-a-token", HEIGHT));

        assertThat(page.select("#job-rows tr[data-job]")).isEmpty();
        assertThat(page.getElementById("jobs-message").text())
                .isEqualTo("The gateway did not accept this token. Enter a valid API token.");
        assertThat(page.getElementById("jobs-message").hasClass("error")).isTrue();
    }

    @Test
    void finishedJobChartsItsStoredLossAndAccuracy() throws Exception {
        HeadlessChromium.Rendering rendering = open("token=" + READER_TOKEN + "&job=" + SUCCEEDED.id(), TALL);
        Document page = dom(rendering);

        assertThat(page.getElementById("job-detail").hasAttr("hidden")).isFalse();
        assertThat(page.getElementById("detail-heading").text()).isEqualTo("Run mnist-baseline");
        assertThat(page.getElementById("chart-summary").text())
                .isEqualTo("Latest: training loss 0.1000 at step 1,199; accuracy 0.9500 at step 1,199.");
        assertThat(page.selectFirst("#job-rows tr[aria-current=true] button").text()).isEqualTo("mnist-baseline");
        // Chart.js drew the second series (accuracy) in its own colour, which nothing else on the page uses.
        assertThat(pixelsOf(image(rendering), SECOND_SERIES_ORANGE)).isGreaterThan(100);
    }

    @Test
    void runningJobChartFollowsTheEventStreamToTheEnd() throws Exception {
        Document page = dom(open("token=" + READER_TOKEN + "&job=" + RUNNING.id(), HEIGHT));

        assertThat(page.getElementById("detail-heading").text()).isEqualTo("Run lr-0.001");
        assertThat(page.getElementById("chart-summary").text())
                .isEqualTo("Latest: training loss 0.1000 at step 1,199; accuracy 0.9500 at step 1,199.");
        assertThat(page.select("#detail-facts div").eachText())
                .contains("Status SUCCEEDED", "test accuracy 0.9688");
    }

    @Test
    void sweepSubmittedThroughTheFormRegistersOneJobPerLearningRate() throws Exception {
        Document page = dom(chromium.load(
                "http://127.0.0.1:" + port + "/js/tests/submit-sweep.html?token=" + SUBMITTER_TOKEN, WIDTH, HEIGHT));

        assertThat(METRICS.registeredSweeps()).hasSize(1);
        RegisterSweepRequest registered = METRICS.registeredSweeps().get(0);
        List<JobSpec> specs = registered.specs();
        assertThat(specs).extracting(JobSpec::learningRate).containsExactly(0.001, 0.01);
        assertThat(specs).extracting(JobSpec::sweep).containsOnly("tutorial-lr");
        assertThat(specs).extracting(JobSpec::epochs).containsOnly(1);
        assertThat(specs).extracting(JobSpec::runName).doesNotHaveDuplicates();
        assertThat(registered.idempotencyKey()).isNotNull();
        assertThat(page.getElementById("outcome").text()).isEqualTo("Submitted 2 jobs: "
                + specs.stream().map(JobSpec::runName).collect(Collectors.joining(", ")) + ".");
    }

    @Test
    void pageModulesPassTheirCasesInTheBrowser() throws Exception {
        Document page = dom(chromium.load("http://127.0.0.1:" + port + "/js/tests/unit-tests.html", WIDTH, HEIGHT));

        assertThat(page.select("#failures li").eachText()).as("failed cases").isEmpty();
        assertThat(page.getElementById("results").attr("data-cases")).as("cases run").isNotIn("", "0");
        assertThat(page.getElementById("results").attr("data-passed"))
                .isEqualTo(page.getElementById("results").attr("data-cases"));
    }

    private HeadlessChromium.Rendering open(String fragment, int height) throws IOException, InterruptedException {
        return chromium.load(pageUrl(fragment), WIDTH, height);
    }

    private static Document dom(HeadlessChromium.Rendering rendering) {
        return Jsoup.parse(rendering.dom());
    }

    private static BufferedImage image(HeadlessChromium.Rendering rendering) throws IOException {
        return ImageIO.read(rendering.screenshot().toFile());
    }

    private String pageUrl(String fragment) {
        return "http://127.0.0.1:" + port + "/#" + fragment;
    }

    private static String statusOf(String runName) {
        return List.of(RUNNING, QUEUED, SUCCEEDED, FAILED).stream()
                .filter(job -> job.runName().equals(runName))
                .findFirst().orElseThrow().status().name();
    }

    private static long distinctColours(BufferedImage image) {
        return rgbPixels(image).distinct().count();
    }

    private static long pixelsOf(BufferedImage image, int rgb) {
        return rgbPixels(image).filter(pixel -> pixel == rgb).count();
    }

    private static IntStream rgbPixels(BufferedImage image) {
        return Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0,
                image.getWidth())).map(argb -> argb & 0xffffff);
    }

    private static JobView job(String runName, String sweep, JobStatus status, JobProgress progress, String error,
            Map<String, Double> finalMetrics, int minutesAgo) {
        JobSpec tutorial = JobSpec.tutorial(runName);
        JobSpec spec = new JobSpec(runName, tutorial.dataset(), tutorial.epochs(), tutorial.batchSize(),
                tutorial.learningRate(), tutorial.hiddenSize(), tutorial.optimizer(), tutorial.seed(),
                tutorial.device(), tutorial.logEverySteps(), null, null, sweep, null);
        Instant created = NOW.minusSeconds(60L * minutesAgo);
        boolean started = status != JobStatus.QUEUED;
        return new JobView(UUID.nameUUIDFromBytes(runName.getBytes(StandardCharsets.UTF_8)), runName, sweep, spec,
                status, 1, started ? "cpu" : null, started ? "trainer-1" : null, error, progress, finalMetrics,
                created, started ? created.plusSeconds(5) : null, status.isTerminal() ? created.plusSeconds(95) : null);
    }

    /** Loss falls to 0.1 and accuracy rises to 0.95 over twelve logging windows of 100 steps. */
    private static List<ScalarPoint> scalars() {
        return LongStream.range(0, 12).boxed().flatMap(window -> {
            long step = window * 100 + 99;
            double wallTime = NOW.getEpochSecond() + window;
            return Stream.of(
                    new ScalarPoint("training loss", step, wallTime, 0.1 + (11 - window) * 0.2),
                    new ScalarPoint("accuracy", step, wallTime, 0.95 - (11 - window) * 0.05));
        }).toList();
    }

    private static FakeMetricsService startMetrics() {
        try {
            return new FakeMetricsService(List.of(RUNNING, QUEUED, SUCCEEDED, FAILED),
                    Map.of(SUCCEEDED.id(), scalars(), RUNNING.id(), scalars()), RUNNING_ENDED);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
