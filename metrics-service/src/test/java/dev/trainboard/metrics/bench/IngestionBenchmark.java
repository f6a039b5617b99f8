package dev.trainboard.metrics.bench;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.MetricsServiceApplication;
import dev.trainboard.metrics.jobs.JobRegistry;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Ingestion speed against a real (embedded) broker and PostgreSQL: batches of 100 scalar points published
 * at full speed, then at a steady 10,000 points/s. Not a test; run it by hand (see docs/benchmarks.md):
 *
 * <pre>{@code
 * flock /tmp/trainboard-bench.lock mvn -B -o -q -pl metrics-service test-compile \
 *     org.codehaus.mojo:exec-maven-plugin:3.6.4:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trainboard.metrics.bench.IngestionBenchmark -Dexec.cleanupDaemonThreads=false
 * }</pre>
 */
public final class IngestionBenchmark {

    private static final int POINTS_PER_MESSAGE = 100;
    private static final int TAGS = 10;
    private static final int STEPS_PER_MESSAGE = POINTS_PER_MESSAGE / TAGS;
    private static final int BURST_MESSAGES = Integer.getInteger("bench.burstMessages", 3000);
    private static final int PACED_SECONDS = Integer.getInteger("bench.pacedSeconds", 20);
    private static final int PACED_MESSAGES_PER_SECOND = 100;

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.EVENTS, Topics.EVENTS_DEAD_LETTER,
                Topics.JOBS, Topics.CONTROL, "bench.baseline");
        broker.afterPropertiesSet();
        TestDatabase database = TestDatabase.create();
        Path logdir = Files.createTempDirectory("bench-runs");
        ConfigurableApplicationContext service = null;
        try (KafkaProducer<String, EventEnvelope> producer = producer(broker)) {
            // Command-line arguments outrank application.yml, so the service cannot fall back to its defaults.
            service = new SpringApplicationBuilder(MetricsServiceApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + database.url(),
                    "--spring.datasource.username=" + database.user(),
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--trainboard.tensorboard.logdir=" + logdir,
                    "--logging.level.org.apache.kafka=warn",
                    "--logging.level.kafka=warn");
            JdbcClient jdbc = service.getBean(JdbcClient.class);
            JobRegistry registry = service.getBean(JobRegistry.class);

            baselinePointsPerSecond(producer, broker);
            double baseline = baselinePointsPerSecond(producer, broker);
            burst(producer, jdbc, start(registry, producer, "bench-warm-up"));
            UUID burstJob = start(registry, producer, "bench-burst");
            double sustained = burst(producer, jdbc, burstJob);
            long filePoints = awaitFilePoints(logdir.resolve("bench-burst"), (long) BURST_MESSAGES * POINTS_PER_MESSAGE);
            UUID pacedJob = start(registry, producer, "bench-paced");
            long[] delaysMillis = paced(producer, jdbc, pacedJob);

            System.out.printf("%nbaseline (plain consumer, JSON only): %,.0f points/s%n", baseline);
            System.out.printf("ingestion at full speed: %,.0f points/s sustained (%d messages of %d points),"
                    + " %.2f of baseline; %,d points read back from the event file%n",
                    sustained, BURST_MESSAGES, POINTS_PER_MESSAGE, sustained / baseline, filePoints);
            System.out.printf("publish-to-commit delay at %,d points/s for %d s: p50 %d ms, p99 %d ms, max %d ms%n",
                    PACED_MESSAGES_PER_SECOND * POINTS_PER_MESSAGE, PACED_SECONDS, percentile(delaysMillis, 0.50),
                    percentile(delaysMillis, 0.99), delaysMillis[delaysMillis.length - 1]);
        } finally {
            if (service != null) {
                service.close();
            }
            database.drop();
            broker.destroy();
        }
    }

    /**
     * The same messages read by a plain consumer that only deserializes them: the broker-and-JSON ceiling.
     * The first call warms the JIT up; the second one counts.
     */
    private static double baselinePointsPerSecond(KafkaProducer<String, EventEnvelope> producer,
            EmbeddedKafkaKraftBroker broker) throws Exception {
        UUID job = UUID.randomUUID();
        for (int i = 0; i < BURST_MESSAGES; i++) {
            producer.send(new ProducerRecord<>("bench.baseline", job.toString(), message(job, i)));
        }
        producer.flush();
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                new StringDeserializer(), new JacksonJsonDeserializer<>(EventEnvelope.class, EventJson.mapper(), false))) {
            consumer.subscribe(List.of("bench.baseline"));
            long points = 0;
            long started = 0;
            while (points < (long) BURST_MESSAGES * POINTS_PER_MESSAGE) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (started == 0) {
                        started = System.nanoTime();
                    }
                    points += ((ScalarsLogged) record.value().payload()).points().size();
                }
            }
            return points / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static UUID start(JobRegistry registry, KafkaProducer<String, EventEnvelope> producer, String runName) {
        UUID job = registry.register(new RegisterJobRequest(JobSpec.tutorial(runName), null)).job().id();
        producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(),
                EventEnvelope.of(job, 1, JobStatusChanged.running("cpu", "bench"))));
        return job;
    }

    /** Publishes every message as fast as the producer takes them; time from the first send to the last commit. */
    private static double burst(KafkaProducer<String, EventEnvelope> producer, JdbcClient jdbc, UUID job)
            throws InterruptedException {
        long total = (long) BURST_MESSAGES * POINTS_PER_MESSAGE;
        long started = System.nanoTime();
        for (int i = 0; i < BURST_MESSAGES; i++) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(), message(job, i)));
        }
        producer.flush();
        while (count(jdbc, job) < total) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return total / ((System.nanoTime() - started) / 1e9);
    }

    /** Publishes at a steady pace and watches the table; a message counts as committed when its last point is visible. */
    private static long[] paced(KafkaProducer<String, EventEnvelope> producer, JdbcClient jdbc, UUID job)
            throws InterruptedException {
        int messages = PACED_SECONDS * PACED_MESSAGES_PER_SECOND;
        long[] sentAt = new long[messages];
        long[] delays = new long[messages];
        Thread publisher = new Thread(() -> {
            long intervalNanos = 1_000_000_000L / PACED_MESSAGES_PER_SECOND;
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long due = start + i * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                EventEnvelope envelope = message(job, i);
                sentAt[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(), envelope));
            }
        });
        publisher.start();
        int committed = 0;
        while (committed < messages) {
            long lastStep = jdbc.sql("select coalesce(max(step), -1) from scalars where job_id = :job and tag = 't9'")
                    .param("job", job).query(Long.class).single();
            long now = System.nanoTime();
            int through = (int) ((lastStep + 1) / STEPS_PER_MESSAGE);
            for (; committed < through; committed++) {
                delays[committed] = (now - sentAt[committed]) / 1_000_000;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        publisher.join();
        Arrays.sort(delays);
        return delays;
    }

    private static long awaitFilePoints(Path runDir, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long points = 0;
        while (System.nanoTime() < deadline) {
            List<Path> files = EventFiles.files(runDir);
            points = files.stream().mapToLong(f -> EventFiles.scalars(f).size()).sum();
            if (points >= expected) {
                return points;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("event files hold " + points + " of " + expected + " points");
    }

    /** Message i: steps [10i, 10i + 10) of tags t0..t9. */
    private static EventEnvelope message(UUID job, int i) {
        List<ScalarPoint> points = new ArrayList<>(POINTS_PER_MESSAGE);
        double wallTime = System.currentTimeMillis() / 1000.0;
        for (int s = 0; s < STEPS_PER_MESSAGE; s++) {
            long step = (long) i * STEPS_PER_MESSAGE + s;
            for (int t = 0; t < TAGS; t++) {
                points.add(new ScalarPoint("t" + t, step, wallTime, Math.sin(step * 0.01 + t)));
            }
        }
        return EventEnvelope.of(job, 1, new ScalarsLogged(points));
    }

    private static long count(JdbcClient jdbc, UUID job) {
        return jdbc.sql("select count(*) from scalars where job_id = :job").param("job", job).query(Long.class).single();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static KafkaProducer<String, EventEnvelope> producer(EmbeddedKafkaKraftBroker broker) {
        JacksonJsonSerializer<EventEnvelope> serializer = new JacksonJsonSerializer<>(EventJson.mapper());
        serializer.setAddTypeInfo(false);
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
    }
}
