package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.GraphNode;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.ImageLogged;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.TopicReader;
import dev.trainboard.metrics.support.WithTestDatabase;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.Png;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Events from a real broker into a real database and event files, including redelivery and poison. */
@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class IngestionIntegrationTests {

    private static final String BROKERS = System.getProperty("spring.embedded.kafka.brokers");
    private static final double WALL = 1.8e9;
    private static final Duration FLUSH_CEILING = Duration.ofSeconds(5);

    @TempDir
    static Path workDir;

    static AdminClient admin;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @BeforeAll
    static void connectAdmin() {
        admin = AdminClient.create(Map.of("bootstrap.servers", BROKERS));
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    @Test
    void aFullStreamWithDuplicatesAndARedeliveryIsStoredAndWrittenExactlyOnce() throws Exception {
        Api api = new Api(port);
        UUID job = register(api, "full-stream");
        byte[] png = Png.encode(Pixels.ofHwc(2, 2, 3, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        GraphLogged graph = graph();
        HParamsLogged hparams = new HParamsLogged(Map.of("learningRate", 0.01, "optimizer", "adam"),
                Map.of("test accuracy", 0.9), "SUCCESS");
        List<EventPayload> stream = new ArrayList<>();
        stream.add(JobStatusChanged.running("cpu", "trainer-1"));
        stream.add(graph);
        stream.add(scalars(0, 50));
        stream.add(scalars(50, 100));
        stream.add(new ImageLogged("mnist_images", 0, WALL, 2, 2, 3, png));
        stream.add(scalars(100, 150));
        stream.add(new HistogramLogged("fc1/weight", 100, WALL, -1, 1, 6, 2, 3, List.of(0.0, 0.5, 1.0),
                List.of(1.0, 2.0, 3.0)));
        stream.add(prCurve("pr/3", 149));
        stream.add(new TextLogged("notes", 0, WALL, "**hello**"));
        stream.add(scalars(50, 100));
        stream.add(new ImageLogged("mnist_images", 0, WALL, 2, 2, 3, png));
        stream.add(new ProgressReported(1, 2, 149, 300, 512.0, 4.0, 0.25));
        // As a trainer does: the final metrics as scalars, then the hparams summary that names them.
        stream.add(new ScalarsLogged(List.of(new ScalarPoint("test accuracy", 149, WALL, 0.9))));
        stream.add(hparams);
        stream.add(JobStatusChanged.succeeded(Map.of("test accuracy", 0.9)));
        stream.add(JobStatusChanged.running("cpu", "late-trainer"));
        stream.forEach(payload -> send(job, 1, payload));

        awaitConsumed();
        assertStored(api, job, png, graph, hparams);
        Path runDir = workDir.resolve("runs/full-stream");
        List<Path> files = EventFiles.files(runDir);
        assertThat(files).hasSize(1);
        assertFileContent(files.get(0));
        List<Event> before = EventFiles.read(files.get(0));

        redeliverEverything();

        assertStored(api, job, png, graph, hparams);
        assertThat(EventFiles.files(runDir)).isEqualTo(files);
        assertThat(EventFiles.read(files.get(0))).isEqualTo(before);
    }

    @Test
    void aNewAttemptStartsALaterSortingFileWithARestartMarker() {
        Api api = new Api(port);
        UUID job = register(api, "two-attempts");
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, series("loss", 0, 10, 1.0));
        send(job, 2, JobStatusChanged.running("cpu", "trainer-2"));
        send(job, 2, series("loss", 0, 5, 2.0));
        // A late event of the superseded attempt is refused: only the current attempt writes.
        send(job, 1, series("loss", 10, 12, 1.0));

        awaitConsumed();
        JobView view = Api.read(api.get("/internal/jobs/" + job), JobView.class);
        assertThat(view.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(view.attempt()).isEqualTo(2);
        assertThat(view.host()).isEqualTo("trainer-2");
        assertThat(count("scalars", job)).isEqualTo(15);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.expect(BROKERS, Topics.EVENTS_DEAD_LETTER,
                job.toString(), 1);
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterPublisher.REASON_KIND_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("attempt");
        List<ScalarPoint> series = List.of(Api.read(api.get("/internal/jobs/" + job + "/scalars?tag=loss"),
                ScalarPoint[].class));
        assertThat(series).extracting(ScalarPoint::step).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(Long::valueOf).toList());
        assertThat(series.get(4).value()).isEqualTo(2.0 * 4);
        assertThat(series.get(5).value()).isEqualTo(1.0 * 5);

        Path runDir = workDir.resolve("runs/two-attempts");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Path> files = EventFiles.files(runDir);
            assertThat(files).hasSize(2);
            assertThat(files.get(0).getFileName().toString()).endsWith(".000001");
            assertThat(files.get(1).getFileName().toString()).endsWith(".000002");
            assertThat(EventFiles.scalars(files.get(0))).hasSize(10);
            assertThat(EventFiles.scalars(files.get(1)))
                    .containsExactly("loss@0=0.0", "loss@1=2.0", "loss@2=4.0", "loss@3=6.0", "loss@4=8.0");
            List<Event> second = EventFiles.read(files.get(1));
            assertThat(second.get(0).getFileVersion()).isEqualTo("brain.Event:2");
            assertThat(second.get(1).getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
            assertThat(second.get(1).getStep()).isZero();
        });
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndLaterEventsAreStillStored() {
        Api api = new Api(port);
        UUID job = register(api, "poisoned");
        UUID stranger = UUID.randomUUID();
        double deadBefore = meters.counter("trainboard.events.dead.lettered").count();
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        kafka.send(Topics.EVENTS, job.toString(), garbage);
        send(job, 1, new ScalarsLogged(List.of()));
        send(stranger, 1, series("loss", 0, 1, 1.0));
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, series("loss", 0, 3, 1.0));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("scalars", job) == 3);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.expect(BROKERS, Topics.EVENTS_DEAD_LETTER,
                job.toString(), 2);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(header(dead.get(0), DeadLetterPublisher.REASON_KIND_HEADER)).isEqualTo("unparsable");
        // The parser's own words, one line, and nothing the deserializer kept for the listener.
        assertThat(header(dead.get(0), DeadLetterPublisher.REASON_HEADER))
                .startsWith("not a JSON event envelope: Unexpected character ('n'").doesNotContain("\n");
        assertThat(dead.get(0).headers()).extracting(h -> h.key()).doesNotContain(
                EventValueDeserializer.RAW_VALUE_HEADER, EventValueDeserializer.FAILURE_HEADER)
                .noneMatch(key -> key.startsWith("springDeserializer"));
        EventEnvelope invalid = EventJson.mapper().readValue(dead.get(1).value(), EventEnvelope.class);
        assertThat(invalid.payload()).isEqualTo(new ScalarsLogged(List.of()));
        TopicReader.expect(BROKERS, Topics.EVENTS_DEAD_LETTER, stranger.toString(), 1);
        assertThat(meters.counter("trainboard.events.dead.lettered").count()).isEqualTo(deadBefore + 3);
        assertThat(Api.read(api.get("/internal/jobs/" + job), JobView.class).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aRejectedRecordAsLargeAsTheEventsTopicTakesIsParkedWhole() {
        Api api = new Api(port);
        UUID job = register(api, "large-poison");
        // As large as a record the producer and the broker take on trainboard.events (1 MiB with the record's own
        // framing): the reason headers take its dead letter past that size.
        byte[] garbage = new byte[1024 * 1024 - 200];
        Arrays.fill(garbage, (byte) 'x');
        garbage[0] = '{';

        kafka.send(Topics.EVENTS, job.toString(), garbage).join();
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, series("loss", 0, 2, 1.0));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("scalars", job) == 2);
        ConsumerRecord<String, byte[]> dead = TopicReader.expect(BROKERS, Topics.EVENTS_DEAD_LETTER, job.toString(), 1)
                .get(0);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, DeadLetterPublisher.REASON_KIND_HEADER)).isEqualTo("unparsable");
    }

    @Test
    void rebuildReproducesTheLiveFiles() {
        Api api = new Api(port);
        UUID job = register(api, "rebuilt");
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, graph());
        send(job, 1, scalars(0, 20));
        send(job, 1, new TextLogged("notes", 3, WALL, "attempt one"));
        send(job, 1, prCurve("pr/0", 19));
        send(job, 2, JobStatusChanged.running("cpu", "trainer-2"));
        send(job, 2, scalars(0, 10));
        send(job, 2, new HistogramLogged("fc1/weight", 9, WALL, 0, 1, 2, 1, 1, List.of(0.5, 1.0), List.of(1.0, 1.0)));
        send(job, 2, new ScalarsLogged(List.of(new ScalarPoint("test accuracy", 9, WALL, 0.5))));
        send(job, 2, new HParamsLogged(Map.of("learningRate", 0.1), Map.of("test accuracy", 0.5), "RUNNING"));
        awaitConsumed();
        Path runDir = workDir.resolve("runs/rebuilt");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(EventFiles.files(runDir)).hasSize(2);
            assertThat(EventFiles.scalars(EventFiles.files(runDir).get(1))).hasSize(21);
        });
        List<List<String>> live = EventFiles.files(runDir).stream().map(EventFiles::describe).toList();

        ResponseEntity<String> response = api.post("/internal/admin/rebuild?run=rebuilt", null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Api.json(response).get("files").asInt()).isEqualTo(2);
        List<List<String>> rebuilt = EventFiles.files(runDir).stream().map(EventFiles::describe).toList();
        assertThat(rebuilt).isEqualTo(live);
        assertThat(api.post("/internal/admin/rebuild?run=..%2Fx", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.post("/internal/admin/rebuild?run=nobody", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void eventsOfARunningJobCanBeReadFromItsOpenFileSoonAfterTheyAreCommitted() {
        Api api = new Api(port);
        UUID job = register(api, "flushed-live");
        Path runDir = workDir.resolve("runs/flushed-live");
        double failuresBefore = meters.counter("trainboard.tensorboard.append.failures").count();
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        send(job, 1, series("loss", 0, 10, 1.0));

        assertReadableSoonAfterCommit(job, runDir, 10);

        // The same open file takes the next events: no terminal status, and the idle timeout is minutes away.
        send(job, 1, series("loss", 10, 25, 1.0));
        assertReadableSoonAfterCommit(job, runDir, 25);
        assertThat(meters.counter("trainboard.tensorboard.append.failures").count()).isEqualTo(failuresBefore);
        assertThat(Api.read(api.get("/internal/jobs/" + job), JobView.class).status()).isEqualTo(JobStatus.RUNNING);
    }

    /**
     * Waits for the job's first {@code points} loss values to be committed, then expects the one event file
     * of the run to hold exactly them, read through the tfevents reader, within {@link #FLUSH_CEILING}: the
     * service flushes within 1 s, the rest is headroom for a loaded machine. A writer that only flushed on
     * close would miss it by minutes.
     */
    private void assertReadableSoonAfterCommit(UUID job, Path runDir, int points) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("scalars", job) == points);
        List<String> expected = IntStream.range(0, points).mapToObj(step -> "loss@" + step + "=" + (float) step)
                .toList();
        await().atMost(FLUSH_CEILING).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<Path> files = EventFiles.files(runDir);
            assertThat(files).hasSize(1);
            assertThat(EventFiles.scalars(files.get(0))).containsExactlyElementsOf(expected);
        });
    }

    @Test
    void aLongSeriesIsReadDownsampledAtAnyZoomAndExportedWhole() {
        Api api = new Api(port);
        // 40 epochs of 600 steps: admission refuses steps beyond a job's range.
        JobSpec tutorial = JobSpec.tutorial("long-series");
        JobSpec long40 = new JobSpec(tutorial.runName(), tutorial.dataset(), 40, tutorial.batchSize(),
                tutorial.learningRate(), tutorial.hiddenSize(), tutorial.optimizer(), tutorial.seed(), tutorial.device(),
                1, null, null, null, null);
        UUID job = Api.read(api.post("/internal/jobs", new RegisterJobRequest(long40, null)), JobView.class).id();
        send(job, 1, JobStatusChanged.running("cpu", "trainer-1"));
        // 20,000 steps in messages of 1,000, sent backwards, one of them twice: rollups must not mind.
        for (int from = 19_000; from >= 0; from -= 1_000) {
            send(job, 1, series("loss", from, from + 1_000, 0.5));
        }
        send(job, 1, series("loss", 5_000, 6_000, 0.5));

        awaitConsumed();
        String base = "/internal/jobs/" + job;
        ResponseEntity<String> whole = api.get(base + "/scalars?tag=loss");
        assertThat(List.of(Api.read(whole, ScalarPoint[].class))).hasSizeLessThanOrEqualTo(1_000)
                .extracting(ScalarPoint::step).contains(0L, 19_999L).isSorted();
        assertThat(Long.parseLong(whole.getHeaders().getFirst("TrainBoard-Resolution"))).isGreaterThan(1);
        ResponseEntity<String> zoomed = api.get(base + "/scalars?tag=loss&afterStep=999&beforeStep=1100");
        assertThat(List.of(Api.read(zoomed, ScalarPoint[].class))).extracting(ScalarPoint::step)
                .containsExactlyElementsOf(LongStream.range(1_000, 1_100).boxed().toList());
        assertThat(zoomed.getHeaders().getFirst("TrainBoard-Resolution")).isEqualTo("1");
        List<String> csv = api.get(base + "/scalars.csv?tag=loss").getBody().lines().toList();
        assertThat(csv).hasSize(20_001);
        assertThat(csv.get(20_000)).isEqualTo("loss,19999,1800019999,9999.5");
        JsonNode check = Api.json(api.get("/internal/admin/rollups/check?job=" + job));
        assertThat(check.get("series").asInt()).isEqualTo(1);
        assertThat(check.get("mismatches")).isEmpty();
    }

    private void assertStored(Api api, UUID job, byte[] png, GraphLogged graph, HParamsLogged hparams) {
        JobView view = Api.read(api.get("/internal/jobs/" + job), JobView.class);
        assertThat(view.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(view.attempt()).isEqualTo(1);
        assertThat(view.device()).isEqualTo("cpu");
        assertThat(view.host()).isEqualTo("trainer-1");
        assertThat(view.finalMetrics()).containsEntry("test accuracy", 0.9);
        assertThat(view.progress().step()).isEqualTo(149);
        assertThat(view.startedAt()).isNotNull();
        assertThat(view.finishedAt()).isNotNull();

        Map<String, Long> counts = new HashMap<>();
        for (String table : List.of("scalars", "images", "graphs", "histograms", "pr_curves", "texts", "hparams")) {
            counts.put(table, count(table, job));
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("scalars", 301L, "images", 1L, "graphs", 1L,
                "histograms", 1L, "pr_curves", 1L, "texts", 1L, "hparams", 1L));

        String base = "/internal/jobs/" + job;
        JsonNode tags = Api.json(api.get(base + "/tags"));
        assertThat(tags.get("scalars").toString()).isEqualTo("[\"accuracy\",\"test accuracy\",\"training loss\"]");
        assertThat(tags.get("images").toString()).isEqualTo("[\"mnist_images\"]");
        assertThat(tags.get("prCurves").toString()).isEqualTo("[\"pr/3\"]");

        ResponseEntity<String> lossAnswer = api.get(base + "/scalars?tag=training loss");
        assertThat(lossAnswer.getHeaders().getFirst("TrainBoard-Resolution")).isEqualTo("1");
        List<ScalarPoint> loss = List.of(Api.read(lossAnswer, ScalarPoint[].class));
        assertThat(loss).hasSize(150);
        assertThat(List.of(Api.read(api.get(base + "/scalars?tag=training loss&afterStep=10&beforeStep=20"),
                ScalarPoint[].class))).extracting(ScalarPoint::step).containsExactly(11L, 12L, 13L, 14L, 15L, 16L,
                17L, 18L, 19L);
        assertThat(loss).allSatisfy(p -> assertThat(p.value()).isEqualTo(lossAt(p.step())));
        List<ScalarPoint> thin = List.of(Api.read(api.get(base + "/scalars?tag=training loss&maxPoints=20"),
                ScalarPoint[].class));
        assertThat(thin).hasSizeLessThanOrEqualTo(20);
        assertThat(thin.get(0).step()).isZero();
        assertThat(thin.get(thin.size() - 1).step()).isEqualTo(149);
        List<ScalarPoint> tail = List.of(Api.read(api.get(base + "/scalars?tag=accuracy&afterStep=147"),
                ScalarPoint[].class));
        assertThat(tail).extracting(ScalarPoint::step).containsExactly(148L, 149L);

        String csv = api.get(base + "/scalars.csv?tag=accuracy").getBody();
        assertThat(csv.lines()).hasSize(151);
        assertThat(csv.lines().toList().get(0)).isEqualTo("tag,step,wall_time,value");
        assertThat(csv.lines().toList().get(2)).isEqualTo("accuracy,1,1800000001,0.001");

        ResponseEntity<byte[]> image = api.getBytes(base + "/images/mnist_images/0");
        assertThat(image.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(image.getBody()).isEqualTo(png);
        assertThat(Api.read(api.get(base + "/graph"), GraphLogged.class)).isEqualTo(graph);
        assertThat(Api.read(api.get(base + "/hparams"), HParamsLogged.class)).isEqualTo(hparams);
        HistogramLogged[] histograms = Api.read(api.get(base + "/histograms?tag=fc1/weight"), HistogramLogged[].class);
        assertThat(histograms).hasSize(1);
        assertThat(histograms[0].bucketCounts()).containsExactly(1.0, 2.0, 3.0);
        assertThat(Api.read(api.get(base + "/pr-curves"), PrCurveLogged[].class)).containsExactly(prCurve("pr/3", 149));
        assertThat(Api.read(api.get(base + "/texts"), TextLogged[].class))
                .containsExactly(new TextLogged("notes", 0, WALL, "**hello**"));
    }

    private static void assertFileContent(Path file) {
        List<Event> events = EventFiles.read(file);
        assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.stream().filter(Event::hasSessionLog).map(e -> e.getSessionLog().getStatus()))
                .containsExactly(SessionLog.SessionStatus.START);
        List<String> scalars = EventFiles.scalars(file);
        Map<String, Long> perTagStep = scalars.stream().collect(Collectors.groupingBy(
                s -> s.substring(0, s.indexOf('=')), Collectors.counting()));
        assertThat(perTagStep).hasSize(300 + 1).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(scalars).contains("training loss@7=" + (float) lossAt(7), "accuracy@149=" + (float) 0.149,
                "test accuracy@149=" + (float) 0.9);
        List<String> tags = events.stream().flatMap(e -> e.getSummary().getValueList().stream())
                .map(v -> v.getTag()).distinct().toList();
        assertThat(tags).contains("mnist_images", "fc1/weight", "pr/3", "notes/text_summary",
                "_hparams_/session_start_info");
        assertThat(events.stream().filter(Event::hasGraphDef)).hasSize(1);
        assertThat(events.stream().filter(e -> e.getSummary().getValueList().stream()
                .anyMatch(v -> v.getTag().equals("mnist_images")))).hasSize(1);
    }

    /** Stops the listener, rewinds its group to the start of the topic and lets it consume everything again. */
    private void redeliverEverything() throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer("events");
        String group = container.getGroupId();
        container.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        endOffsets().keySet().forEach(partition -> start.put(partition, new OffsetAndMetadata(0)));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.alterConsumerGroupOffsets(group, start).all().get() == null);
        assertThat(committedOffsets().values()).allSatisfy(offset -> assertThat(offset).isZero());
        container.start();
        awaitConsumed();
    }

    private void awaitConsumed() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            Map<TopicPartition, Long> end = endOffsets();
            Map<TopicPartition, Long> committed = committedOffsets();
            end.forEach((partition, offset) -> {
                if (offset > 0) {
                    assertThat(committed.get(partition)).as(partition.toString()).isEqualTo(offset);
                }
            });
        });
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames().get().get(Topics.EVENTS).partitions()
                .forEach(p -> latest.put(new TopicPartition(Topics.EVENTS, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Map<TopicPartition, Long> committedOffsets() throws Exception {
        String group = listeners.getListenerContainer("events").getGroupId();
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private UUID register(Api api, String runName) {
        return Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial(runName), null)),
                JobView.class).id();
    }

    private void send(UUID job, int attempt, EventPayload payload) {
        kafka.send(Topics.EVENTS, job.toString(), EventEnvelope.of(job, attempt, payload));
    }

    private long count(String table, UUID job) {
        return jdbc.sql("select count(*) from " + table + " where job_id = :job").param("job", job)
                .query(Long.class).single();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static double lossAt(long step) {
        return 1.0 / (step + 1);
    }

    /** Training loss and accuracy for steps [from, to): 100 points for 50 steps. */
    private static ScalarsLogged scalars(int from, int to) {
        List<ScalarPoint> points = new ArrayList<>();
        for (int step = from; step < to; step++) {
            points.add(new ScalarPoint("training loss", step, WALL + step, lossAt(step)));
            points.add(new ScalarPoint("accuracy", step, WALL + step, step / 1000.0));
        }
        return new ScalarsLogged(points);
    }

    private static ScalarsLogged series(String tag, int from, int to, double factor) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint(tag, step, WALL + step, factor * step)).toList());
    }

    private static GraphLogged graph() {
        return new GraphLogged(List.of(
                new GraphNode("input", "Input", List.of(), List.of(-1L, 784L), Map.of()),
                new GraphNode("Net/fc1", "Linear", List.of("input"), List.of(-1L, 500L), Map.of("bias", "true")),
                new GraphNode("Net/relu", "ReLU", List.of("Net/fc1"), List.of(-1L, 500L), Map.of()),
                new GraphNode("Net/fc2", "Linear", List.of("Net/relu"), List.of(-1L, 10L), Map.of())));
    }

    private static PrCurveLogged prCurve(String tag, long step) {
        return new PrCurveLogged(tag, step, WALL, 3, List.of(3.0, 2.0, 0.0), List.of(2.0, 1.0, 0.0),
                List.of(0.0, 1.0, 2.0), List.of(0.0, 1.0, 3.0), List.of(0.6, 0.6667, 0.0), List.of(1.0, 0.6667, 0.0));
    }
}
