package dev.trainboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.JobStatus;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.api.JobView;
import dev.trainboard.tfevents.proto.GraphDef;
import dev.trainboard.tfevents.reader.RunReader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tutorial's learning-rate sweep on a small slice of MNIST, through the whole platform as ./trainboard runs it:
 * a Kafka broker process, PostgreSQL, and the three service jars as separate processes. The metrics service is
 * killed while the first job runs and started again; everything the trainer sent meanwhile must arrive once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TutorialSweepIntegrationTests {

    private static final String SWEEP = "e2e-lr";
    private static final List<String> RUNS = List.of("mnist1", "mnist2");
    private static final List<Double> LEARNING_RATES = List.of(0.001, 0.01);
    private static final int TRAIN_IMAGES = 2000;
    private static final int BATCH = 50;
    private static final int LOG_EVERY = 10;
    private static final String LOSS = "training loss";
    private static final String ACCURACY = "accuracy";
    /** The gateway's default development submitter token (ui-gateway application.yml). */
    private static final String TOKEN = System.getenv().getOrDefault("TRAINBOARD_TOKEN", "dev-submitter-token");

    @AutoClose("downAndDropDatabase")
    private Platform platform;
    private GatewayClient gateway;
    private Map<String, JobView> finished;
    private Instant metricsKilledAt;
    private Instant metricsBackAt;
    private long metricsPidBefore;
    private List<String> unsyncedAtCrash;

    @BeforeAll
    void runTheSweepThroughAMetricsServiceCrash() throws Exception {
        Path root = Path.of(System.getProperty("trainboard.root")).toRealPath();
        assertThat(root.resolve("data/mnist/train-images-idx3-ubyte"))
                .as("MNIST must be in ./data/mnist: ./trainboard test fetches it before mvn verify")
                .exists();
        platform = Platform.inWorkDir(root, Path.of(System.getProperty("trainboard.workDir")));
        platform.up();
        gateway = new GatewayClient(platform.gatewayUrl(), TOKEN);

        List<JobView> submitted = gateway.submitSweep(Map.of(
                "name", SWEEP,
                "base", Map.of("dataset", "mnist", "epochs", 1, "batchSize", BATCH, "logEverySteps", LOG_EVERY,
                        "trainLimit", TRAIN_IMAGES, "testLimit", 1000, "device", "cpu"),
                "grid", Map.of("learningRate", LEARNING_RATES),
                "runNames", RUNS)).jobs();
        // Crash while the first run's event file is open, which is when its unsynced marker is there.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> !platform.unsyncedMarkers().isEmpty());

        metricsPidBefore = platform.pid("metrics-service");
        metricsKilledAt = Instant.now();
        platform.crash("metrics-service");
        unsyncedAtCrash = platform.unsyncedMarkers();
        platform.up();
        metricsBackAt = Instant.now();

        finished = gateway.awaitEnded(submitted, Duration.ofMinutes(5));
    }

    @Test
    void bothRunsAreListedAsSucceededWithTheirTestAccuracy() throws Exception {
        List<JobView> listed = gateway.jobsOfSweep(SWEEP).items();

        assertThat(listed).extracting(JobView::runName).containsExactlyInAnyOrderElementsOf(RUNS);
        for (JobView job : listed) {
            assertThat(job.status()).as(job.runName() + " (error: " + job.error() + ")").isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.device()).isEqualTo("cpu");
            // One epoch over 2,000 images already beats chance (10%) by far.
            assertThat(job.finalMetrics().get("test accuracy")).as(job.runName()).isGreaterThan(0.6);
        }
        assertThat(listed).extracting(job -> job.spec().learningRate())
                .containsExactlyInAnyOrderElementsOf(LEARNING_RATES);
    }

    @Test
    void theServicesListenOnLoopbackOnlyAndTheInternalApiNeedsTheToken() throws Exception {
        List<InetAddress> external = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
        assertThat(external).as("this machine's addresses besides loopback").isNotEmpty();
        for (InetAddress address : external) {
            for (int port : platform.servicePorts()) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 2000))
                            .as(address + ":" + port).isInstanceOf(IOException.class);
                }
            }
        }

        HttpClient http = HttpClient.newHttpClient();
        URI jobs = URI.create(platform.metricsServiceUrl() + "/internal/jobs");
        assertThat(http.send(HttpRequest.newBuilder(jobs).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(jobs).header("Authorization", "Bearer " + platform.internalToken())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void theTrainerRunsOnJemalloc() throws Exception {
        // A preload that fails leaves the trainer on glibc's malloc with no more than a warning in its log.
        Path maps = Path.of("/proc", Long.toString(platform.pid("trainer-service")), "maps");
        assertThat(Files.readString(maps)).contains("libjemalloc.so.2");
    }

    @Test
    void eventFilesHoldEverySummaryOfTheTutorial() throws Exception {
        assertThat(RunReader.runDirectories(platform.logDir()))
                .contains(platform.logDir().resolve("mnist1"), platform.logDir().resolve("mnist2"));
        for (String run : RUNS) {
            RunEvents events = RunEvents.read(platform.logDir().resolve(run));

            assertThat(events.imageTags()).as(run).contains("mnist_images");
            assertThat(events.values()).filteredOn(v -> v.value().hasImage())
                    .allSatisfy(v -> assertThat(v.value().getImage().getWidth()).isEqualTo(242));
            assertThat(events.graphs()).as(run).hasSize(1);
            GraphDef graph = GraphDef.parseFrom(events.graphs().get(0).getGraphDef());
            assertThat(graph.getNodeList()).as(run).hasSizeGreaterThanOrEqualTo(4);
            assertThat(steps(events.scalars(LOSS))).as(run).isEqualTo(expectedCurveSteps());
            assertThat(steps(events.scalars(ACCURACY))).as(run).isEqualTo(expectedCurveSteps());
            assertThat(events.pluginTags("pr_curves")).as(run)
                    .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            assertThat(events.histogramTags()).as(run).isNotEmpty();
            assertThat(events.pluginTags("hparams")).as(run).contains("_hparams_/session_start_info");
        }
    }

    @Test
    void everyTagInTheEventFilesHasItsRowsInPostgres() throws Exception {
        try (Connection db = platform.openDatabase()) {
            for (String run : RUNS) {
                UUID job = finished.get(run).id();
                RunEvents events = RunEvents.read(platform.logDir().resolve(run));

                for (String tag : List.of(LOSS, ACCURACY)) {
                    assertThat(longs(db, "select step from scalars where job_id = ? and tag = ? order by step", job, tag))
                            .as(run + " " + tag).isEqualTo(expectedCurveSteps());
                }
                assertThat(strings(db, "select distinct tag from histograms where job_id = ?", job))
                        .as(run).isEqualTo(events.histogramTags());
                assertThat(strings(db, "select distinct tag from pr_curves where job_id = ?", job))
                        .as(run).isEqualTo(events.pluginTags("pr_curves"));
                assertThat(strings(db, "select distinct tag from images where job_id = ?", job))
                        .as(run).isEqualTo(events.imageTags());
                assertThat(longs(db, "select count(*) from graphs where job_id = ?", job)).as(run).containsExactly(1L);
                assertThat(longs(db, "select count(*) from hparams where job_id = ?", job)).as(run).containsExactly(1L);
                assertThat(longs(db, "select count(*) from texts where job_id = ?", job)).as(run).isNotEqualTo(List.of(0L));
            }
        }
    }

    @Test
    void theGatewaysScalarsAreTheValuesInTheEventFiles() throws Exception {
        for (String run : RUNS) {
            RunEvents events = RunEvents.read(platform.logDir().resolve(run));
            for (String tag : List.of(LOSS, ACCURACY)) {
                Map<Long, Float> fromFiles = new TreeMap<>();
                events.scalars(tag).forEach(v -> fromFiles.put(v.step(), v.value().getSimpleValue()));
                Map<Long, Float> fromGateway = new TreeMap<>();
                // Event files hold float32; the database and the API hold the double the trainer sent.
                gateway.scalars(finished.get(run).id(), tag)
                        .forEach(point -> fromGateway.put(point.step(), (float) point.value()));

                assertThat(fromGateway).as(run + " " + tag).hasSize(expectedCurveSteps().size()).isEqualTo(fromFiles);
            }
        }
    }

    @Test
    void noEventIsLostOrDuplicatedWhenTheMetricsServiceCrashes() throws Exception {
        assertThat(platform.pid("metrics-service")).isNotEqualTo(metricsPidBefore);
        List<ScalarPoint> sentWhileDown = new ArrayList<>();
        for (String run : RUNS) {
            gateway.scalars(finished.get(run).id(), LOSS).stream()
                    .filter(point -> point.wallTime() >= metricsKilledAt.toEpochMilli() / 1000.0
                            && point.wallTime() <= metricsBackAt.toEpochMilli() / 1000.0)
                    .forEach(sentWhileDown::add);
        }
        assertThat(sentWhileDown).as("points the trainer sent between the crash and the restart").isNotEmpty();

        for (String run : RUNS) {
            RunEvents events = RunEvents.read(platform.logDir().resolve(run));
            // Each step once: redelivered events must not be written a second time, and none may be missing.
            assertThat(events.scalars(LOSS)).extracting(RunEvents.TaggedValue::step).as(run)
                    .containsExactlyElementsOf(expectedCurveSteps());
            assertThat(events.scalars(ACCURACY)).extracting(RunEvents.TaggedValue::step).as(run)
                    .containsExactlyElementsOf(expectedCurveSteps());
            assertThat(events.values()).filteredOn(v -> v.value().hasImage()).as(run).hasSize(1);
            assertThat(events.values()).filteredOn(v -> v.value().hasHisto())
                    .extracting(v -> v.value().getTag() + "@" + v.step()).as(run).doesNotHaveDuplicates();
            // Every scalar tag, including the test metrics the hparams table also names, holds one value per step.
            assertThat(events.values()).filteredOn(v -> v.value().hasSimpleValue())
                    .extracting(v -> v.value().getTag() + "@" + v.step()).as(run).doesNotHaveDuplicates();
            assertThat(events.values()).filteredOn(v -> v.value().getMetadata().getPluginData().getPluginName()
                    .equals("pr_curves")).as(run).hasSize(10);
            assertThat(events.graphs()).as(run).hasSize(1);
        }
    }

    @Test
    void theRestartRebuildsTheRunsTheCrashLeftUnsyncedAndNoRunStaysMarked() throws Exception {
        // The crash came while the first run's file was open, so its marker was there for the new process.
        assertThat(platform.metricsServiceCount("trainboard.tensorboard.startup.repairs"))
                .as("runs rebuilt at the restart; marked at the crash: %s", unsyncedAtCrash)
                .isEqualTo(unsyncedAtCrash.size());
        // Each terminal status closes its run's file, which ends the last hold on the run.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(platform.unsyncedMarkers()).as("runs still marked unsynced").isEmpty());
    }

    /** The tutorial logs at the last step of every window: steps 9, 19, ... of the 40 steps of one epoch. */
    private static List<Long> expectedCurveSteps() {
        long steps = TRAIN_IMAGES / BATCH;
        return LongStream.rangeClosed(1, steps / LOG_EVERY).map(window -> window * LOG_EVERY - 1).boxed().toList();
    }

    private static List<Long> steps(List<RunEvents.TaggedValue> values) {
        return values.stream().map(RunEvents.TaggedValue::step).toList();
    }

    private static List<Long> longs(Connection db, String sql, Object... parameters) throws Exception {
        List<Long> result = new ArrayList<>();
        try (ResultSet rows = query(db, sql, parameters)) {
            while (rows.next()) {
                result.add(rows.getLong(1));
            }
        }
        return result;
    }

    private static Set<String> strings(Connection db, String sql, Object... parameters) throws Exception {
        Set<String> result = new TreeSet<>();
        try (ResultSet rows = query(db, sql, parameters)) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    private static ResultSet query(Connection db, String sql, Object... parameters) throws Exception {
        PreparedStatement statement = db.prepareStatement(sql);
        statement.closeOnCompletion();
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement.executeQuery();
    }
}
