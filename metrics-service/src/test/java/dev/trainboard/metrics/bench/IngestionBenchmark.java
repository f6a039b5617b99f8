package dev.trainboard.metrics.bench;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.jobs.JobRegistry;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Ingestion speed against a real (embedded) broker and PostgreSQL: batches of 100 scalar points published
 * at full speed, then at a steady 10,000 points/s. Not a test: {@code ./trainboard bench ingest} runs it and
 * collects the {@code BENCH} lines it ends with (docs/benchmarks.md).
 */
public final class IngestionBenchmark {

    private static final int PARTITIONS = 3;
    private static final int POINTS_PER_MESSAGE = 100;
    private static final int TAGS = 10;
    private static final int STEPS_PER_MESSAGE = POINTS_PER_MESSAGE / TAGS;
    /** 3,000,000 points, about 15 s at full speed: long enough for the rate to be a sustained one. */
    private static final int BURST_MESSAGES = Integer.getInteger("bench.burstMessages", 30000);
    private static final int PACED_SECONDS = Integer.getInteger("bench.pacedSeconds", 20);
    private static final int PACED_MESSAGES_PER_SECOND = 100;
    /** Jobs the burst spreads its messages over, each on a partition of its own (at most 3). */
    private static final int BURST_JOBS = Integer.getInteger("bench.jobs", 1);
    /** Backlogs drained with and without rollups, alternately, for what keeping the rollups costs. */
    private static final int ROLLUP_ROUNDS = Integer.getInteger("bench.rollupRounds", 3);
    /** 1,000,000 points per backlog of those rounds. */
    private static final int ROLLUP_MESSAGES = Integer.getInteger("bench.rollupMessages", 10000);
    /** Bursts before the measured one, while the JIT compilers still take a core. */
    private static final int WARM_UP_BURSTS = Integer.getInteger("bench.warmUpBursts", 1);

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.EVENTS, Topics.EVENTS_DEAD_LETTER,
                Topics.JOBS, Topics.CONTROL, "bench.baseline");
        broker.afterPropertiesSet();
        TestDatabase database = TestDatabase.create();
        Path logdir = Files.createTempDirectory("bench-runs");
        ConfigurableApplicationContext service = null;
        try (KafkaProducer<String, EventEnvelope> producer = producer(broker)) {
            service = BenchService.start(broker, database, logdir);
            JdbcClient jdbc = service.getBean(JdbcClient.class);
            JobRegistry registry = service.getBean(JobRegistry.class);

            baselinePointsPerSecond(producer, broker);
            double baseline = baselinePointsPerSecond(producer, broker);
            for (int i = 0; i < WARM_UP_BURSTS; i++) {
                burst(producer, jdbc, startOnSeparatePartitions(registry, producer, "bench-warm-up-" + i));
            }
            List<UUID> burstJobs = startOnSeparatePartitions(registry, producer, "bench-burst");
            CpuTime cpu = CpuTime.start(jdbc);
            double sustained = burst(producer, jdbc, burstJobs);
            String cpuUsed = cpu.used((long) BURST_MESSAGES * POINTS_PER_MESSAGE);
            long filePoints = awaitFilePoints(logdir, "bench-burst", (long) BURST_MESSAGES * POINTS_PER_MESSAGE);
            // The same burst again, published while the events listener is stopped and then consumed as a
            // backlog: ingestion without the broker taking the messages in and the producer sending them on the
            // same two cores.
            MessageListenerContainer events = service.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("events");
            Backlog backlog = new Backlog(events, producer, registry, jdbc);
            List<UUID> backlogJobs = backlog.publish("bench-backlog", BURST_MESSAGES);
            CpuTime backlogCpu = CpuTime.start(jdbc);
            double drained = backlog.drain(backlogJobs, BURST_MESSAGES);
            String backlogCpuUsed = backlogCpu.used((long) BURST_MESSAGES * POINTS_PER_MESSAGE);
            long backlogFilePoints = awaitFilePoints(logdir, "bench-backlog",
                    (long) BURST_MESSAGES * POINTS_PER_MESSAGE);
            // The same service drains equal backlogs with its rollups kept and switched off, in turn and in both
            // orders (the tables grow as it goes), so that load and JIT state weigh on both alike; medians compared.
            SwitchableRollupWriter rollups = service.getBean(SwitchableRollupWriter.class);
            Map<Boolean, List<Double>> rollupRates = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
            for (int round = 0; round < 2 * ROLLUP_ROUNDS; round++) {
                boolean keeping = round % 4 == 0 || round % 4 == 3;
                rollups.keeping(keeping);
                rollupRates.get(keeping).add(backlog.drain(backlog.publish("bench-rollups-" + round, ROLLUP_MESSAGES),
                        ROLLUP_MESSAGES));
            }
            rollups.keeping(true);
            List<Double> withRollups = rollupRates.get(true);
            List<Double> withoutRollups = rollupRates.get(false);
            UUID pacedJob = start(registry, producer, "bench-paced");
            long[] delaysMillis = paced(producer, jdbc, pacedJob);

            System.out.printf("%nbaseline (plain consumer, JSON only): %,.0f points/s%n", baseline);
            System.out.printf("ingestion at full speed: %,.0f points/s sustained (%d messages of %d points, %d job(s)),"
                    + " %.2f of baseline; %,d points read back from the event files%n",
                    sustained, BURST_MESSAGES, POINTS_PER_MESSAGE, BURST_JOBS, sustained / baseline, filePoints);
            System.out.println("CPU time of the burst: " + cpuUsed);
            System.out.printf("ingestion of the same burst as a backlog (published first, then consumed): %,.0f points/s"
                    + " (%.2f of baseline); %,d points read back from the event files; CPU time: %s%n", drained, drained / baseline, backlogFilePoints, backlogCpuUsed);
            System.out.printf("backlogs of %,d points, %d of each in turn: with rollups %s points/s, without %s%n",
                    ROLLUP_MESSAGES * POINTS_PER_MESSAGE, ROLLUP_ROUNDS, rates(withRollups), rates(withoutRollups));
            System.out.printf("publish-to-commit delay at %,d points/s for %d s: p50 %d ms, p99 %d ms, max %d ms%n",
                    PACED_MESSAGES_PER_SECOND * POINTS_PER_MESSAGE, PACED_SECONDS, percentile(delaysMillis, 0.50),
                    percentile(delaysMillis, 0.99), delaysMillis[delaysMillis.length - 1]);
            long points = (long) BURST_MESSAGES * POINTS_PER_MESSAGE;
            String consumer = "plain consumer (broker + JSON)";
            bench(String.format(Locale.ROOT, "ingestion, %,d points at full speed", points), sustained, consumer,
                    baseline);
            bench(String.format(Locale.ROOT, "ingestion, %,d points as a backlog", points), drained, consumer,
                    baseline);
            bench(String.format(Locale.ROOT, "ingestion with rollups kept, median of %d backlogs of %,d points",
                    ROLLUP_ROUNDS, ROLLUP_MESSAGES * POINTS_PER_MESSAGE), median(withRollups),
                    "the same without rollups", median(withoutRollups));
            // No baseline: the delay is held against the target of 1 s, not against another path.
            System.out.printf(Locale.ROOT, "BENCH\tingest\tp99 publish-to-commit delay at %,d points/s\t%d\tms"
                    + "\tnone\t-\t-%n", PACED_MESSAGES_PER_SECOND * POINTS_PER_MESSAGE, percentile(delaysMillis, 0.99));
        } finally {
            if (service != null) {
                service.close();
            }
            database.drop();
            broker.destroy();
        }
    }

    /** One points/s figure in the tab-separated form {@code ./trainboard bench} collects. */
    private static void bench(String figure, double value, String baselineName, double baseline) {
        System.out.printf(Locale.ROOT, "BENCH\tingest\t%s\t%.6g\tpoints/s\t%s\t%.6g\t%.4g%n", figure, value,
                baselineName, baseline, value / baseline);
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
        return start(producer, register(registry, runName));
    }

    /** A job whose step range (100 epochs of 60,000 steps) admits every step the benchmark logs. */
    private static UUID register(JobRegistry registry, String runName) {
        JobSpec tutorial = JobSpec.tutorial(runName);
        JobSpec wide = new JobSpec(runName, tutorial.dataset(), 100, 1, tutorial.learningRate(), tutorial.hiddenSize(),
                tutorial.optimizer(), tutorial.seed(), tutorial.device(), 1, null, null, null, null);
        return registry.register(new RegisterJobRequest(wide, null)).job().id();
    }

    private static UUID start(KafkaProducer<String, EventEnvelope> producer, UUID job) {
        producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(),
                EventEnvelope.of(job, 1, JobStatusChanged.running("cpu", "bench"))));
        return job;
    }

    /**
     * {@link #BURST_JOBS} running jobs whose ids fall on different partitions (run names {@code name-0},
     * {@code name-1}, ...; just {@code name} for one job). Jobs that would share a partition are registered
     * but left idle.
     */
    private static List<UUID> startOnSeparatePartitions(JobRegistry registry,
            KafkaProducer<String, EventEnvelope> producer, String name) {
        List<UUID> jobs = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int k = 0; jobs.size() < BURST_JOBS; k++) {
            UUID job = register(registry, BURST_JOBS == 1 ? name : name + "-" + k);
            if (partitions.add(partitionOf(job))) {
                jobs.add(job);
                start(producer, job);
            }
        }
        return jobs;
    }

    /** The partition the default partitioner gives a key: murmur2 of its bytes modulo the partition count. */
    private static int partitionOf(UUID job) {
        return Utils.toPositive(Utils.murmur2(job.toString().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /**
     * Publishes every message as fast as the producer takes them, message i to job i mod jobs; time from the
     * first send to the last commit. A job's messages are committed in order (one partition, one transaction
     * per batch), so the job is through when the last point of its last message is visible; the full row
     * count is checked once at the end, since counting a growing table every few milliseconds would compete
     * with the service for the same two cores.
     */
    private static double burst(KafkaProducer<String, EventEnvelope> producer, JdbcClient jdbc, List<UUID> jobs)
            throws InterruptedException {
        long started = System.nanoTime();
        publishBurst(producer, jobs, BURST_MESSAGES);
        return awaitBurst(jdbc, jobs, started, BURST_MESSAGES);
    }

    private static void publishBurst(KafkaProducer<String, EventEnvelope> producer, List<UUID> jobs, int messages) {
        for (int i = 0; i < messages; i++) {
            UUID job = jobs.get(i % jobs.size());
            producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(), message(job, i / jobs.size())));
        }
        producer.flush();
    }

    /** Waits for the last point of every job's share of the burst; points per second since {@code started}. */
    private static double awaitBurst(JdbcClient jdbc, List<UUID> jobs, long started, int burstMessages)
            throws InterruptedException {
        long total = (long) burstMessages * POINTS_PER_MESSAGE;
        for (int k = 0; k < jobs.size(); k++) {
            long messages = burstMessages / jobs.size() + (k < burstMessages % jobs.size() ? 1 : 0);
            long lastStep = -1;
            while (lastStep < messages * STEPS_PER_MESSAGE - 1) {
                TimeUnit.MILLISECONDS.sleep(5);
                lastStep = lastStep(jdbc, jobs.get(k), lastStep);
            }
        }
        double pointsPerSecond = total / ((System.nanoTime() - started) / 1e9);
        long stored = jobs.stream().mapToLong(job -> count(jdbc, job)).sum();
        if (stored != total) {
            throw new IllegalStateException(stored + " points stored, expected " + total);
        }
        return pointsPerSecond;
    }

    /**
     * Bursts published while the events listener is stopped and then consumed: ingestion without the producer and
     * the broker taking messages in on the same two cores.
     */
    private record Backlog(MessageListenerContainer events, KafkaProducer<String, EventEnvelope> producer,
            JobRegistry registry, JdbcClient jdbc) {

        /** Stops the listener and publishes a burst of {@code messages} messages to new jobs named after {@code name}. */
        List<UUID> publish(String name, int messages) {
            List<UUID> jobs = startOnSeparatePartitions(registry, producer, name);
            events.stop();
            publishBurst(producer, jobs, messages);
            return jobs;
        }

        /** Starts the listener again; points per second until the jobs' last points are committed. */
        double drain(List<UUID> jobs, int messages) throws InterruptedException {
            long started = System.nanoTime();
            events.start();
            return awaitBurst(jdbc, jobs, started, messages);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String rates(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList().toString();
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
        long lastStep = -1;
        while (committed < messages) {
            lastStep = lastStep(jdbc, job, lastStep);
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

    /** Waits until the event files of the runs whose names start with {@code prefix} hold the expected points. */
    private static long awaitFilePoints(Path logdir, String prefix, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long points = 0;
        while (System.nanoTime() < deadline) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> runs = Files.list(logdir)) {
                for (Path run : runs.filter(dir -> dir.getFileName().toString().startsWith(prefix)).toList()) {
                    files.addAll(EventFiles.files(run));
                }
            }
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

    /**
     * CPU time used from start to {@link #used}: this JVM (broker, producer and service together) and the
     * PostgreSQL backends connected to the benchmark's database. Unlike points per second it hardly depends on
     * what else the shared machine is doing.
     */
    private record CpuTime(JdbcClient jdbc, long jvmAtStart, long postgresAtStart, ThreadCpu threads) {

        static CpuTime start(JdbcClient jdbc) {
            return new CpuTime(jdbc, jvmNanos(), postgresTicks(jdbc), ThreadCpu.start());
        }

        String used(long points) {
            double jvmMillis = (jvmNanos() - jvmAtStart) / 1e6;
            // /proc counts in clock ticks of 10 ms (USER_HZ = 100 on Linux)
            double postgresMillis = (postgresTicks(jdbc) - postgresAtStart) * 10.0;
            return String.format("JVM %,.0f ms, PostgreSQL backends %,.0f ms (%.1f + %.1f ms per 10,000 points);"
                    + " JVM threads: %s", jvmMillis, postgresMillis, jvmMillis * 10_000 / points,
                    postgresMillis * 10_000 / points, threads.used());
        }

        private static long jvmNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long postgresTicks(JdbcClient jdbc) {
            long ticks = 0;
            for (int pid : jdbc.sql("select pid from pg_stat_activity where datname = current_database()")
                    .query(Integer.class).list()) {
                try {
                    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException e) {
                    // a backend that has gone away, or a server on another host: nothing to count
                }
            }
            return ticks;
        }
    }

    /** The highest step of tag t9 stored so far; reads only the steps after {@code known}, through the index. */
    private static long lastStep(JdbcClient jdbc, UUID job, long known) {
        return jdbc.sql("select coalesce(max(step), :known) from scalars where job_id = :job and tag = 't9' and step > :known")
                .param("job", job).param("known", known).query(Long.class).single();
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
                // Kafka's default, as the trainer sends; 262144 halved the broker's CPU.
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.getInteger("bench.batchSize", 16384),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
    }
}
