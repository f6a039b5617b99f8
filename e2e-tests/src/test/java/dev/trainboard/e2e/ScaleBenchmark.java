package dev.trainboard.e2e;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What more instances buy on this machine, with the platform as ./trainboard runs it (real processes): the wall
 * time of a sweep of six jobs on one trainer with one slot and then with two, and the rate at which one metrics
 * service and then two store a burst of scalar points sent to {@code trainboard.events} as trainers send them.
 * Not a test: {@code ./trainboard bench scale} runs it and collects the {@code BENCH} lines it ends with
 * (docs/benchmarks.md).
 */
public final class ScaleBenchmark {

    private static final String TOKEN = System.getenv().getOrDefault("TRAINBOARD_TOKEN", "dev-submitter-token");
    /** The tutorial's network on a third of MNIST, one epoch: about 10 s of one core per job. */
    private static final Map<String, Object> SWEEP_JOB = Map.of("dataset", "mnist", "epochs", 1, "batchSize", 50,
            "logEverySteps", 10, "trainLimit", 20_000, "testLimit", 1000, "device", "cpu");
    private static final Map<String, Object> SWEEP_GRID = Map.of("learningRate", List.of(0.001, 0.002, 0.005),
            "hiddenSize", List.of(500, 1000));
    /** Jobs the burst spreads over: with three partitions, two instances each get some of them. */
    private static final int BURST_JOBS = 6;
    private static final int POINTS_PER_EVENT = 100;
    private static final int TAGS = 10;
    private static final int EVENTS_PER_JOB = Integer.getInteger("bench.eventsPerJob", 2000);

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("..").toRealPath();
        Platform platform = Platform.inWorkDir(root, Path.of("target", "bench-scale").toAbsolutePath());
        // Not inside mvn verify: ./trainboard builds the service jars when they are older than their sources.
        platform.setEnvironment("TRAINBOARD_NO_BUILD", "false");
        List<String> lines = new ArrayList<>();
        try {
            platform.setEnvironment("TRAINBOARD_TRAINER_SLOTS", "1");
            platform.up();
            GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), TOKEN);
            double oneSlot = sweepSeconds(gateway, "scale-1-slot");
            platform.crash("trainer-service");
            platform.setEnvironment("TRAINBOARD_TRAINER_SLOTS", "2");
            platform.up();
            double twoSlots = sweepSeconds(gateway, "scale-2-slots");
            lines.add(line("sweep of 6 jobs, 1 trainer with 2 slots (wall time)", twoSlots, "s",
                    "the same with 1 slot, " + format(oneSlot) + " s", oneSlot));

            // The trainers go, so that nothing trains the burst's jobs: their events come from this process.
            platform.crash("trainer-service");
            double oneService = burstPointsPerSecond(platform, gateway, "scale-burst-1");
            platform.crash("metrics-service");
            // Both instances start afresh, so that the assignment gives each of them some partitions.
            platform.up("--metrics", "2");
            platform.crash("trainer-service");
            double twoServices = burstPointsPerSecond(platform, gateway, "scale-burst-2");
            lines.add(line("ingestion of a 6-job burst, 2 metrics services", twoServices, "points/s",
                    "1 metrics service, " + format(oneService), oneService));
        } finally {
            platform.downAndDropDatabase();
        }
        lines.forEach(System.out::println);
    }

    /** Submits the sweep and waits until every job has ended; the wall time from the submission. */
    private static double sweepSeconds(GatewayClient gateway, String name) throws Exception {
        long started = System.nanoTime();
        List<JobView> jobs = gateway.submitSweep(Map.of("name", name, "base", SWEEP_JOB, "grid", SWEEP_GRID)).jobs();
        for (JobView job : jobs) {
            while (!gateway.job(job.id()).status().isTerminal()) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Registers jobs (no trainer runs them), sends for each a RUNNING and then events of 100 points at full
     * speed, as a trainer of attempt 1 would, and times them until the last step of every job is stored.
     */
    private static double burstPointsPerSecond(Platform platform, GatewayClient gateway, String name)
            throws Exception {
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < BURST_JOBS; i++) {
            // 100 epochs of 60,000 single-image steps: far more steps than the burst logs, all of them in range.
            jobs.add(gateway.submitJob(Map.of("runName", name + "-" + i, "dataset", "mnist", "epochs", 100,
                    "batchSize", 1, "trainLimit", 60_000, "device", "cpu")).id());
        }
        long lastStep = (long) EVENTS_PER_JOB * POINTS_PER_EVENT / TAGS - 1;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
                Connection db = platform.openDatabase();
                PreparedStatement stored = db.prepareStatement(
                        "select count(*) from scalars where job_id = ? and tag = ? and step = ?")) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (UUID job : jobs) {
                sent.add(send(producer, job, JobStatusChanged.running("cpu", "bench")));
            }
            for (Future<RecordMetadata> running : sent) {
                running.get(30, TimeUnit.SECONDS);
            }
            long started = System.nanoTime();
            for (int event = 0; event < EVENTS_PER_JOB; event++) {
                for (UUID job : jobs) {
                    send(producer, job, scalars(event));
                }
            }
            producer.flush();
            for (UUID job : jobs) {
                while (!isStored(stored, job, lastStep)) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return (double) jobs.size() * EVENTS_PER_JOB * POINTS_PER_EVENT / seconds;
        }
    }

    /** Event {@code index} of a job: 10 steps of 10 tags, after the steps of the events before it. */
    private static ScalarsLogged scalars(int index) {
        List<ScalarPoint> points = new ArrayList<>(POINTS_PER_EVENT);
        long firstStep = (long) index * POINTS_PER_EVENT / TAGS;
        for (int i = 0; i < POINTS_PER_EVENT; i++) {
            points.add(new ScalarPoint("bench/tag" + (i % TAGS), firstStep + i / TAGS, 1.8e9 + index, i * 0.5));
        }
        return new ScalarsLogged(points);
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, String> producer, UUID job, EventPayload payload) {
        String value = EventJson.mapper().writeValueAsString(EventEnvelope.of(job, 1, payload));
        return producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(), value));
    }

    private static boolean isStored(PreparedStatement stored, UUID job, long step) throws Exception {
        stored.setObject(1, job);
        stored.setString(2, "bench/tag" + (TAGS - 1));
        stored.setLong(3, step);
        try (ResultSet rows = stored.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    /** One BENCH line: component, figure, value, unit, baseline name, baseline value, ratio. */
    private static String line(String figure, double value, String unit, String baseline, double baselineValue) {
        return String.join("\t", "BENCH", "scale", figure, format(value), unit, baseline, format(baselineValue),
                String.format(Locale.ROOT, "%.3f", value / baselineValue));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }
}
