package dev.trainboard.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.Device;
import dev.trainboard.events.EmbeddingLogged;
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
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.EventCollector;
import dev.trainboard.trainer.FakeJobRegistry;
import dev.trainboard.trainer.MnistTestData;
import dev.trainboard.trainer.control.Cancellations;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "server.port=0",
    "trainboard.trainer.fashion-mnist-system-dir=/nonexistent/fashion-mnist",
    "trainboard.trainer.progress-interval=200ms",
    "trainboard.trainer.instance-id=" + JobLifecycleIntegrationTests.INSTANCE,
    "trainboard.artifacts.root=target/lifecycle-artifacts"})
@EmbeddedKafka(topics = {Topics.JOBS, Topics.CONTROL, Topics.EVENTS}, partitions = 1)
@ExtendWith(OutputCaptureExtension.class)
class JobLifecycleIntegrationTests {

    static final String INSTANCE = "lifecycle-test";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final String REASON = "trainboard-reject-reason";

    private static final FakeJobRegistry registry = FakeJobRegistry.start();
    private static EventCollector events;
    private static EventCollector deadLetters;
    private static EventCollector controlDeadLetters;
    private static KafkaProducer<String, String> producer;

    @Autowired
    private Cancellations cancellations;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void dataDirAndRegistry(DynamicPropertyRegistry properties) {
        registry.configure(properties);
    }

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        events = new EventCollector(broker.getBrokersAsString(), Topics.EVENTS);
        deadLetters = new EventCollector(broker.getBrokersAsString(), Topics.JOBS_DEAD_LETTER);
        controlDeadLetters = new EventCollector(broker.getBrokersAsString(), Topics.CONTROL_DEAD_LETTER);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeClients() {
        events.close();
        deadLetters.close();
        controlDeadLetters.close();
        producer.close();
        registry.close();
    }

    @Test
    void smallJobPublishesEveryTutorialMetricInOrder() throws Exception {
        // 600 images in batches of 50: 12 steps, logged every 4 steps at 3, 7 and 11.
        UUID jobId = UUID.randomUUID();
        long offset = send(Topics.JOBS, jobId, new JobSubmitted(MnistTestData.slice("small", 1, 600, 500, 50, 4)));
        JobStatusChanged terminal = awaitTerminal(jobId);

        List<EventEnvelope> all = events.of(jobId);
        assertThat(all).allSatisfy(envelope -> assertThat(envelope.attempt()).isEqualTo(1));
        assertThat(all.get(0).payload()).isInstanceOfSatisfying(JobStatusChanged.class, running -> {
            assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(running.device()).isEqualTo("cpu");
            assertThat(running.host()).isNotBlank();
        });
        assertThat(all.get(all.size() - 1).payload()).isEqualTo(terminal);
        assertThat(terminal.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(terminal.finalMetrics().get("test accuracy")).isGreaterThan(0.6);

        ImageLogged grid = single(jobId, ImageLogged.class);
        assertThat(grid.tag()).isEqualTo("mnist_images");
        assertThat(List.of(grid.width(), grid.height(), grid.channels())).containsExactly(242, 242, 3);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(grid.png()));
        assertThat(List.of(png.getWidth(), png.getHeight())).containsExactly(242, 242);

        GraphLogged graph = single(jobId, GraphLogged.class);
        assertThat(graph.nodes()).extracting(GraphNode::name, GraphNode::op, GraphNode::outputShape).contains(
                org.assertj.core.groups.Tuple.tuple("input", "Input", List.of(50L, 784L)),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/01Linear", "Linear", List.of(50L, 500L)),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/01Linear/weight", "Parameter",
                        List.of(500L, 784L)),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/02LambdaBlock", "ReLU", List.of(50L, 500L)),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/03Linear", "Linear", List.of(50L, 10L)),
                org.assertj.core.groups.Tuple.tuple("output", "Output", List.of(50L, 10L)));

        List<ScalarPoint> points = events.payloads(jobId, ScalarsLogged.class).stream()
                .flatMap(scalars -> scalars.points().stream()).toList();
        assertThat(points).filteredOn(point -> point.tag().equals("training loss")).extracting(ScalarPoint::step)
                .containsExactly(3L, 7L, 11L);
        assertThat(points).filteredOn(point -> point.tag().equals("accuracy"))
                .extracting(ScalarPoint::step).containsExactly(3L, 7L, 11L);
        assertThat(points).filteredOn(point -> point.tag().equals("accuracy"))
                .allSatisfy(point -> assertThat(point.value()).isBetween(0.0, 1.0));
        assertThat(points).filteredOn(point -> point.tag().equals("test accuracy")).singleElement()
                .satisfies(point -> assertThat(point.value()).isEqualTo(terminal.finalMetrics().get("test accuracy")));

        List<PrCurveLogged> curves = events.payloads(jobId, PrCurveLogged.class);
        assertThat(curves).extracting(PrCurveLogged::tag)
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(Integer::toString).toList());
        assertThat(curves).allSatisfy(curve -> {
            assertThat(curve.numThresholds()).isEqualTo(127);
            assertThat(List.of(curve.truePositives(), curve.falsePositives(), curve.trueNegatives(),
                    curve.falseNegatives(), curve.precision(), curve.recall())).allSatisfy(list ->
                    assertThat(list).hasSize(127));
            assertThat(curve.truePositives().get(0) + curve.falsePositives().get(0)).isEqualTo(500.0);
            assertThat(curve.recall().get(0)).isEqualTo(1.0);
        });

        List<HistogramLogged> histograms = events.payloads(jobId, HistogramLogged.class);
        assertThat(histograms).extracting(HistogramLogged::tag, HistogramLogged::step).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/01Linear/weight", 0L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/01Linear/bias", 0L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/03Linear/weight", 0L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/03Linear/bias", 0L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/01Linear/weight", 12L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/01Linear/bias", 12L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/03Linear/weight", 12L),
                org.assertj.core.groups.Tuple.tuple("SequentialBlock/03Linear/bias", 12L));
        assertThat(histograms).allSatisfy(histogram -> {
            assertThat(histogram.bucketLimits()).hasSize(30);
            assertThat(histogram.bucketCounts().stream().mapToDouble(Double::doubleValue).sum())
                    .isEqualTo(histogram.num());
        });
        assertThat(histograms.get(0).num()).isEqualTo(500.0 * 784);

        EmbeddingLogged embedding = single(jobId, EmbeddingLogged.class);
        assertThat(embedding.vectors()).hasSize(64).allSatisfy(vector -> assertThat(vector).hasSize(784));
        assertThat(embedding.labels()).hasSize(64);

        HParamsLogged hparams = single(jobId, HParamsLogged.class);
        assertThat(hparams.hparams()).containsEntry("lr", 0.001).containsEntry("batch_size", 50)
                .containsEntry("optimizer", "adam");
        assertThat(hparams.metrics()).containsKeys("test accuracy", "test loss");
        assertThat(single(jobId, TextLogged.class).markdown()).contains("| lr | 0.001 |");
        assertThat(events.payloads(jobId, ProgressReported.class)).last().satisfies(progress -> {
            assertThat(progress.step()).isEqualTo(11);
            assertThat(progress.totalSteps()).isEqualTo(12);
            assertThat(progress.imagesPerSecond()).isPositive();
        });

        // The epoch's checkpoint, then the final model, each complete in the store before it is announced.
        assertThat(events.payloads(jobId, CheckpointSaved.class))
                .extracting(CheckpointSaved::step, CheckpointSaved::epoch, CheckpointSaved::path,
                        CheckpointSaved::finalModel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(12L, 1, jobId + "/checkpoints/step-000000000012",
                                false),
                        org.assertj.core.groups.Tuple.tuple(12L, 1, jobId + "/model", true));
        for (CheckpointSaved saved : events.payloads(jobId, CheckpointSaved.class)) {
            assertThat(Path.of("target/lifecycle-artifacts", saved.path(), "COMPLETE")).exists();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(committedOffset("trainer", Topics.JOBS)).isGreaterThan(offset));
    }

    @Test
    void aJobWithACheckpointInTheStoreResumesFromItAndEndsAsAnUninterruptedRun() throws Exception {
        // 600 images in batches of 50, two epochs: 24 steps, a checkpoint at the end of each epoch.
        JobSpec spec = MnistTestData.slice("whole", 2, 600, 500, 50, 4);
        UUID whole = submit(spec);
        JobStatusChanged uninterrupted = awaitTerminal(whole);
        // The next attempt of a job whose trainer died after its first epoch finds what this copy holds.
        UUID resumed = UUID.randomUUID();
        Path artifacts = Path.of("target/lifecycle-artifacts");
        Path checkpoint = artifacts.resolve(resumed + "/checkpoints/step-000000000012");
        Files.createDirectories(checkpoint);
        try (var files = Files.list(artifacts.resolve(whole + "/checkpoints/step-000000000012"))) {
            for (Path file : files.toList()) {
                Files.copy(file, checkpoint.resolve(file.getFileName()));
            }
        }

        send(Topics.JOBS, resumed, new JobSubmitted(spec));
        JobStatusChanged terminal = awaitTerminal(resumed);

        assertThat(events.payloads(resumed, JobStatusChanged.class).get(0).resumedFromStep()).isEqualTo(12L);
        assertThat(terminal.finalMetrics()).isEqualTo(uninterrupted.finalMetrics());
        assertThat(events.payloads(resumed, ScalarsLogged.class).stream().flatMap(s -> s.points().stream())
                .filter(point -> point.tag().equals("training loss")).map(ScalarPoint::step))
                .containsExactly(15L, 19L, 23L);
        assertThat(events.payloads(resumed, TextLogged.class)).isEmpty();
        assertThat(events.payloads(resumed, ImageLogged.class)).isEmpty();
        assertThat(events.payloads(resumed, GraphLogged.class)).isEmpty();
        assertThat(events.payloads(resumed, CheckpointSaved.class)).extracting(CheckpointSaved::step)
                .containsExactly(24L, 24L);
    }

    @Test
    void cancelStopsARunningJobAndTheTrainerTakesTheNextOne() {
        UUID running = submit(MnistTestData.slice("long", 50, 20000, 100, 100, 50));
        await().atMost(JOB_TIMEOUT).until(() -> !events.payloads(running, ProgressReported.class).isEmpty());
        send(Topics.CONTROL, running, new CancelRequested("test"));

        assertThat(awaitTerminal(running).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.payloads(running, HParamsLogged.class)).isEmpty();
        assertThat(awaitTerminal(submit(MnistTestData.slice("after-cancel", 1, 200, 100, 50, 2))).status())
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aJobCancelledWhileQueuedIsSkipped() {
        UUID jobId = UUID.randomUUID();
        send(Topics.CONTROL, jobId, new CancelRequested("changed my mind"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cancellations.isCancelled(jobId));
        send(Topics.JOBS, jobId, new JobSubmitted(MnistTestData.slice("queued", 1, 200, 100, 50, 2)));

        assertThat(awaitTerminal(jobId).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.hasStatus(jobId, JobStatus.RUNNING, 1)).isFalse();
    }

    @Test
    void jobsTheTrainerCannotRunFailWithAReasonAndTheNextJobRuns() {
        // A record no registry could have written (an unknown data set) is parked with the parser's words.
        UUID unknownDataset = UUID.randomUUID();
        JobSpec cifar = MnistTestData.slice("cifar", 1, 200, 100, 50, 2);
        registry.register(unknownDataset, cifar);
        String json = EventJson.mapper().writeValueAsString(EventEnvelope.of(unknownDataset, 1, new JobSubmitted(cifar)));
        producer.send(new ProducerRecord<>(Topics.JOBS, unknownDataset.toString(),
                json.replace("\"dataset\":\"mnist\"", "\"dataset\":\"cifar10\"")));
        UUID gpu = submit(withDevice(MnistTestData.slice("gpu", 1, 200, 100, 50, 2), Device.GPU));
        UUID fashion = submit(new JobSpec("fashion", dev.trainboard.events.Dataset.FASHION_MNIST, 1, 50, 0.001, 500,
                dev.trainboard.events.Optimizer.ADAM, 1L, Device.CPU, 2, 200, 100, null, null));
        UUID next = submit(MnistTestData.slice("next", 1, 200, 100, 50, 2));

        await().atMost(JOB_TIMEOUT).until(() -> deadLetterKeys().contains(unknownDataset.toString()));
        assertThat(deadLetters.header(unknownDataset.toString(), REASON)).singleElement().asString()
                .startsWith("unreadable: ").contains("cifar10");
        assertThat(awaitTerminal(gpu)).satisfies(failed -> {
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error()).contains("asks for a GPU");
        });
        assertThat(awaitTerminal(fashion)).satisfies(failed -> {
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error()).contains("Fashion-MNIST").contains("dataset-fashion-mnist");
        });
        assertThat(awaitTerminal(next).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(events.of(unknownDataset)).isEmpty();
    }

    @Test
    void onlyJobsTheRegistryQueuedWithTheSameSpecTrain(CapturedOutput output) {
        JobSpec spec = MnistTestData.slice("mnist1", 1, 200, 100, 50, 2);
        UUID unregistered = UUID.randomUUID();
        send(Topics.JOBS, unregistered, new JobSubmitted(spec), false);

        UUID wrongKey = UUID.randomUUID();
        registry.register(wrongKey, spec);
        sendRaw(Topics.JOBS, "x".repeat(5000), EventEnvelope.of(wrongKey, 1, new JobSubmitted(spec)));

        UUID otherSpec = UUID.randomUUID();
        registry.register(otherSpec, MnistTestData.slice("registered-name", 1, 200, 100, 50, 2));
        send(Topics.JOBS, otherSpec, new JobSubmitted(MnistTestData.slice("forged-name", 1, 200, 100, 50, 2)), false);

        UUID finished = UUID.randomUUID();
        registry.register(finished, MnistTestData.slice("finished", 1, 200, 100, 50, 2));
        registry.status(finished, JobStatus.SUCCEEDED);
        send(Topics.JOBS, finished, new JobSubmitted(MnistTestData.slice("finished", 1, 200, 100, 50, 2)), false);

        UUID good = submit(MnistTestData.slice("admitted", 1, 200, 100, 50, 2));
        assertThat(awaitTerminal(good).status()).isEqualTo(JobStatus.SUCCEEDED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterKeys())
                .contains(unregistered.toString(), "x".repeat(5000), otherSpec.toString(), finished.toString()));
        assertThat(deadLetters.header(unregistered.toString(), REASON)).containsExactly(
                "job " + unregistered + " is not registered");
        assertThat(deadLetters.header("x".repeat(5000), REASON)).singleElement().asString()
                .startsWith("record key 'xxxx").contains("(5000 characters)' is not the job id " + wrongKey);
        assertThat(deadLetters.header(otherSpec.toString(), REASON)).singleElement().asString()
                .contains("'forged-name'").contains("'registered-name'");
        assertThat(deadLetters.header(finished.toString(), REASON)).containsExactly(
                "job " + finished + " is SUCCEEDED already");
        for (UUID rejected : List.of(unregistered, wrongKey, otherSpec, finished)) {
            assertThat(events.of(rejected)).as("nothing is reported for a refused record").isEmpty();
        }
        // One line each, no stack trace, and a long key is cut.
        assertThat(output.getAll().lines().filter(line -> line.contains("rejected: ")).count()).isEqualTo(4);
        assertThat(output.getAll()).doesNotContain("x".repeat(100)).doesNotContain("\tat dev.trainboard");
    }

    @Test
    void aJobInterruptedBeforeItsTerminalStatusRunsAgainAsTheNextAttempt() {
        UUID jobId = submit(MnistTestData.slice("interrupted", 50, 20000, 100, 100, 50));
        await().atMost(JOB_TIMEOUT).until(() -> !events.payloads(jobId, ProgressReported.class).isEmpty());

        // Stopping the container revokes the partition, as a crash or a rebalance would: the job stops
        // without a status and its offset stays uncommitted.
        MessageListenerContainer container = listeners.getListenerContainer(JobListener.LISTENER_ID);
        container.stop();
        assertThat(events.terminal(jobId)).isNull();
        // The registry has ingested RUNNING by now: the redelivered record is still the job's next attempt.
        registry.status(jobId, JobStatus.RUNNING);
        container.start();

        await().atMost(JOB_TIMEOUT).until(() -> events.hasStatus(jobId, JobStatus.RUNNING, 2));
        send(Topics.CONTROL, jobId, new CancelRequested("enough"));
        assertThat(awaitTerminal(jobId).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.of(jobId)).last().satisfies(envelope -> assertThat(envelope.attempt()).isEqualTo(2));
    }

    @Test
    void controlRecordsAreCheckedKeptShortInTheLogAndReadOnceAcrossRestarts(CapturedOutput output) throws Exception {
        UUID target = UUID.randomUUID();
        String flood = "r".repeat(900 * 1024);
        send(Topics.CONTROL, target, new CancelRequested(flood));
        UUID otherKey = UUID.randomUUID();
        sendRaw(Topics.CONTROL, otherKey.toString(), EventEnvelope.of(target, 1, new CancelRequested("wrong key")));
        sendRaw(Topics.CONTROL, target.toString(), "{not json");
        String reason = "read once " + UUID.randomUUID();
        long last = send(Topics.CONTROL, target, new CancelRequested(reason));

        await().atMost(Duration.ofSeconds(30)).until(() -> cancellations.isCancelled(target));
        await().atMost(Duration.ofSeconds(30)).until(() -> controlDeadLetters.keys().size() >= 3);
        assertThat(controlDeadLetters.header(target.toString(), REASON)).satisfiesExactly(
                tooLong -> assertThat(tooLong).isEqualTo("invalid CancelRequested: payload.reason size must be "
                        + "between 0 and 500"),
                unreadable -> assertThat(unreadable).startsWith("unreadable: "));
        assertThat(controlDeadLetters.header(otherKey.toString(), REASON)).containsExactly(
                "record key '" + otherKey + "' is not the job id " + target);
        assertThat(output.getAll()).doesNotContain("r".repeat(1000));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(committedOffset("trainer-control-" + INSTANCE, Topics.CONTROL)).isEqualTo(last + 1));

        // A restart resumes from the committed offsets: nothing is read, logged or parked twice.
        MessageListenerContainer control = listeners.getListenerContainer("trainer-control");
        control.stop();
        control.start();
        String after = "after the restart " + UUID.randomUUID();
        send(Topics.CONTROL, UUID.randomUUID(), new CancelRequested(after));
        await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains(after));
        assertThat(output.getAll().lines().filter(line -> line.contains(reason))).hasSize(1);
        assertThat(controlDeadLetters.keys()).hasSize(3);
    }

    private UUID submit(JobSpec spec) {
        UUID jobId = UUID.randomUUID();
        send(Topics.JOBS, jobId, new JobSubmitted(spec));
        return jobId;
    }

    /** Sends, registering a job first as the metrics service would, and returns the record's offset. */
    private static long send(String topic, UUID jobId, EventPayload payload) {
        return send(topic, jobId, payload, true);
    }

    private static long send(String topic, UUID jobId, EventPayload payload, boolean register) {
        if (register && payload instanceof JobSubmitted job) {
            registry.register(jobId, job.spec());
        }
        return sendRaw(topic, jobId.toString(), EventJson.mapper().writeValueAsString(EventEnvelope.of(jobId, 1, payload)));
    }

    private static long sendRaw(String topic, String key, EventEnvelope envelope) {
        return sendRaw(topic, key, EventJson.mapper().writeValueAsString(envelope));
    }

    private static long sendRaw(String topic, String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JobStatusChanged awaitTerminal(UUID jobId) {
        await().atMost(JOB_TIMEOUT).until(() -> events.terminal(jobId) != null);
        return events.terminal(jobId);
    }

    private static <T extends EventPayload> T single(UUID jobId, Class<T> type) {
        List<T> payloads = events.payloads(jobId, type);
        assertThat(payloads).hasSize(1);
        return payloads.get(0);
    }

    private static JobSpec withDevice(JobSpec spec, Device device) {
        return new JobSpec(spec.runName(), spec.dataset(), spec.epochs(), spec.batchSize(), spec.learningRate(),
                spec.hiddenSize(), spec.optimizer(), spec.seed(), device, spec.logEverySteps(), spec.trainLimit(),
                spec.testLimit(), spec.sweep(), spec.checkpointEverySteps());
    }

    private static List<String> deadLetterKeys() {
        return deadLetters.keys();
    }

    private long committedOffset(String group, String topic) throws Exception {
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(topic, 0));
            return committed == null ? -1 : committed.offset();
        }
    }

}
