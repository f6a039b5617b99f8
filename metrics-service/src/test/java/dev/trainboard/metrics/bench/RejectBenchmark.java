package dev.trainboard.metrics.bench;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.Device;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.Optimizer;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.TextLogged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.jobs.JobRegistry;
import dev.trainboard.metrics.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The reject path against a real (embedded) broker and PostgreSQL: bad records per second through admission to the
 * dead-letter topic, against good records per second through admission into the database in the same run; and how
 * far a good job's event falls behind a burst of 10,000 bad records on its own partition. Not a test; run it with
 * {@code ./trainboard bench reject}. Prints BENCH lines.
 */
public final class RejectBenchmark {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = Integer.getInteger("bench.records", 30_000);
    private static final int BURST = 10_000;
    private static final int DELAY_SAMPLES = 5;
    /** The kinds of {@link #bad} that stay bad under the key of a running job. */
    private static final int[] FORGED = {0, 2, 3};

    private RejectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.EVENTS,
                Topics.EVENTS_DEAD_LETTER, Topics.JOBS, Topics.CONTROL);
        broker.afterPropertiesSet();
        TestDatabase database = TestDatabase.create();
        Path logdir = Files.createTempDirectory("bench-runs");
        ConfigurableApplicationContext service = null;
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            service = BenchService.start(broker, database, logdir);
            JdbcClient jdbc = service.getBean(JdbcClient.class);
            JobRegistry registry = service.getBean(JobRegistry.class);
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            List<UUID> jobs = startOnSeparatePartitions(registry, producer);

            // Warm-up of both paths, then the measured rounds.
            goodRecordsPerSecond(producer, jdbc, jobs, 0, RECORDS / 3);
            badRecordsPerSecond(producer, meters, jobs, RECORDS / 3);
            double good = goodRecordsPerSecond(producer, jdbc, jobs, RECORDS / 3, RECORDS);
            double bad = badRecordsPerSecond(producer, meters, jobs, RECORDS);
            long step = RECORDS / 3 + RECORDS;
            double[] quiet = new double[DELAY_SAMPLES];
            double[] behindBurst = new double[DELAY_SAMPLES];
            UUID job = jobs.get(0);
            for (int i = 0; i < DELAY_SAMPLES; i++) {
                quiet[i] = delayMillis(producer, jdbc, job, step++);
                // Forged records of the job itself, so that they share its partition: no unknown-job kind here.
                for (int b = 0; b < BURST; b++) {
                    producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(), bad(job, FORGED[b % 3])));
                }
                behindBurst[i] = delayMillis(producer, jdbc, job, step++);
            }
            Arrays.sort(quiet);
            Arrays.sort(behindBurst);
            double quietMedian = quiet[DELAY_SAMPLES / 2];
            double burstMedian = behindBurst[DELAY_SAMPLES / 2];
            System.out.printf("%nBENCH\treject\trejected records/s\t%.0f\trecords/s\tgood records/s\t%.0f\t%.2f%n",
                    bad, good, bad / good);
            System.out.printf("BENCH\treject\tgood event delay behind a 10,000-record poison burst\t%.0f\tms"
                    + "\tgood event delay, no burst\t%.0f\t%.2f%n", burstMedian, quietMedian, burstMedian / quietMedian);
            System.out.printf("delays behind the burst (ms, sorted): %s; without: %s%n", Arrays.toString(behindBurst),
                    Arrays.toString(quiet));
        } finally {
            if (service != null) {
                service.close();
            }
            database.drop();
            broker.destroy();
        }
    }

    /** Records {@code from} to {@code to} of the jobs' streams, two scalar points each, as a trainer sends them. */
    private static double goodRecordsPerSecond(KafkaProducer<String, byte[]> producer, JdbcClient jdbc, List<UUID> jobs,
            int from, int to) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            UUID job = jobs.get(i % jobs.size());
            records.add(new ProducerRecord<>(Topics.EVENTS, job.toString(), good(job, i / jobs.size())));
        }
        long started = System.nanoTime();
        records.forEach(producer::send);
        producer.flush();
        for (int k = 0; k < jobs.size(); k++) {
            long last = (to - 1 - k) / jobs.size();
            while (lastStep(jdbc, jobs.get(k)) < last) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
        return (to - from) / ((System.nanoTime() - started) / 1e9);
    }

    /** Bad records of four kinds, spread over the partitions: unparsable, unknown job, bad tag, wrong attempt. */
    private static double badRecordsPerSecond(KafkaProducer<String, byte[]> producer, MeterRegistry meters,
            List<UUID> jobs, int count) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID job = i % 4 == 1 ? UUID.randomUUID() : jobs.get(i % jobs.size());
            records.add(new ProducerRecord<>(Topics.EVENTS, job.toString(), bad(job, i)));
        }
        double before = rejected(meters);
        long started = System.nanoTime();
        records.forEach(producer::send);
        producer.flush();
        while (rejected(meters) - before < count) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** From sending one good record of the job to seeing it in the database. */
    private static double delayMillis(KafkaProducer<String, byte[]> producer, JdbcClient jdbc, UUID job, long step)
            throws InterruptedException {
        long sent = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(), record(job, 1, new ScalarsLogged(List.of(
                new ScalarPoint("loss", step, 1.7e9, 1), new ScalarPoint("accuracy", step, 1.7e9, 0.5))))));
        producer.flush();
        while (lastStep(jdbc, job) < step) {
            TimeUnit.MILLISECONDS.sleep(2);
        }
        return (System.nanoTime() - sent) / 1e6;
    }

    private static byte[] good(UUID job, long step) {
        return record(job, 1, new ScalarsLogged(List.of(new ScalarPoint("loss", step, 1.7e9, 1.0 / (step + 1)),
                new ScalarPoint("accuracy", step, 1.7e9, 0.5))));
    }

    private static byte[] bad(UUID job, int i) {
        return switch (i % 4) {
            case 0 -> ("{\"schemaVersion\":1,\"type\":\"ScalarsLogged\",\"jobId\":\"" + job + "\",\"attempt\":")
                    .getBytes(StandardCharsets.UTF_8);
            case 1, 3 -> record(job, i % 4 == 1 ? 1 : 7, new ScalarsLogged(List.of(new ScalarPoint("loss", 1, 1.7e9, 1))));
            default -> record(job, 1, new TextLogged("../" + i, 1, 1.7e9, "escape"));
        };
    }

    private static byte[] record(UUID job, int attempt, EventPayload payload) {
        return EventJson.mapper().writeValueAsBytes(EventEnvelope.of(job, attempt, payload));
    }

    private static double rejected(MeterRegistry meters) {
        return meters.find("trainboard.events.rejected").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long lastStep(JdbcClient jdbc, UUID job) {
        return jdbc.sql("select coalesce(max(step), -1) from scalars where job_id = :job and tag = 'accuracy'")
                .param("job", job).query(Long.class).single();
    }

    /** Three running jobs, one per partition, whose range (100 epochs of 60,000 steps) no step here leaves. */
    private static List<UUID> startOnSeparatePartitions(JobRegistry registry, KafkaProducer<String, byte[]> producer) {
        List<UUID> jobs = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int k = 0; jobs.size() < PARTITIONS; k++) {
            JobSpec spec = new JobSpec("bench-reject-" + k, Dataset.MNIST, 100, 1, 0.01, 16, Optimizer.SGD, 1,
                    Device.CPU, 1, null, null, null, null);
            UUID job = registry.register(new RegisterJobRequest(spec, null)).job().id();
            if (partitions.add(Utils.toPositive(Utils.murmur2(job.toString().getBytes(StandardCharsets.UTF_8)))
                    % PARTITIONS)) {
                jobs.add(job);
                producer.send(new ProducerRecord<>(Topics.EVENTS, job.toString(),
                        record(job, 1, JobStatusChanged.running("cpu", "bench"))));
            }
        }
        return jobs;
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaKraftBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
