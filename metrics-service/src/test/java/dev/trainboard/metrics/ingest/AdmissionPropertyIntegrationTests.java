package dev.trainboard.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.jobs.JobRegistry;
import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.WithTestDatabase;
import dev.trainboard.metrics.tensorboard.LiveRuns;
import dev.trainboard.metrics.tensorboard.Rebuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Property: whatever admission accepts is stored, appended, rebuilt and read back. Random valid streams of every
 * payload type (several attempts, NaN and infinite metric values, awkward tags) go through the events listener
 * into PostgreSQL and the event files; nothing may be rejected or fail to append, a rebuild of every run must
 * succeed, and the rebuilt files must hold the same decoded events as the live ones.
 */
@WithTestDatabase
// The test hands records to the listener itself; the container would also read what earlier test classes left on
// the shared broker's topic, and reject it.
@SpringBootTest(properties = "spring.kafka.listener.auto-startup=false")
@ActiveProfiles("test")
@DirtiesContext
class AdmissionPropertyIntegrationTests {

    private static final int JOBS = 8;
    private static final int EVENTS_PER_ATTEMPT = 30;

    @TempDir
    static Path workDir;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @Autowired
    EventsListener listener;

    @Autowired
    JobRegistry registry;

    @Autowired
    JobRepository jobs;

    @Autowired
    LiveRuns liveRuns;

    @Autowired
    Rebuilder rebuilder;

    @Autowired
    MeterRegistry meters;

    private long offset;

    @Test
    void everyAcceptedEventIsStoredAppendedAndRebuilt() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<String> runs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            String run = "property-" + j;
            JobSpec spec = JobSpec.tutorial(run);
            UUID job = registry.register(new RegisterJobRequest(spec, null)).job().id();
            RandomEvents events = new RandomEvents(random.nextLong(), 1200);
            int attempts = 1 + random.nextInt(2);
            for (int attempt = 1; attempt <= attempts; attempt++) {
                List<EventPayload> stream = new ArrayList<>();
                stream.add(JobStatusChanged.running("cpu", "trainer-" + attempt));
                stream.add(events.start());
                for (int i = 0; i < EVENTS_PER_ATTEMPT; i++) {
                    stream.add(events.next());
                }
                if (attempt == attempts) {
                    stream.add(events.hparams());
                    stream.add(random.nextBoolean() ? JobStatusChanged.succeeded(events.finalMetrics())
                            : JobStatusChanged.failed("diverged: loss is NaN ✗"));
                }
                deliver(job, attempt, stream, random);
            }
            runs.add(run);
        }

        assertThat(rejected()).as("rejected (seed %d)", seed).isZero();
        assertThat(meters.counter("trainboard.tensorboard.append.failures").count()).as("seed %d", seed).isZero();
        liveRuns.closeAll();
        List<List<List<String>>> live = runs.stream().map(this::describe).toList();
        assertThat(live).allSatisfy(files -> assertThat(files).isNotEmpty());

        Rebuilder.Result result = rebuilder.rebuildAll(jobs.findAllStates());

        assertThat(result.failed()).as("seed %d", seed).isEmpty();
        assertThat(result.runs()).containsAll(runs);
        assertThat(runs.stream().map(this::describe).toList()).as("seed %d", seed).isEqualTo(live);
        for (var job : jobs.findAllStates()) {
            assertThat(jobs.findById(job.id())).isPresent();
        }
    }

    /** Hands the stream to the listener in batches of random size, as consecutive records of one partition. */
    private void deliver(UUID job, int attempt, List<EventPayload> stream, Random random) {
        Instant emitted = Instant.parse("2026-01-01T00:00:00Z");
        List<ConsumerRecord<String, EventEnvelope>> records = new ArrayList<>();
        for (EventPayload payload : stream) {
            records.add(new ConsumerRecord<>(Topics.EVENTS, 0, offset++, job.toString(),
                    new EventEnvelope(EventEnvelope.SCHEMA_VERSION, job, attempt, emitted, payload)));
            emitted = emitted.plusMillis(random.nextInt(1000));
        }
        for (int from = 0; from < records.size(); ) {
            int to = Math.min(records.size(), from + 1 + random.nextInt(15));
            listener.onEvents(records.subList(from, to));
            from = to;
        }
    }

    /**
     * Records refused for any reason but an unknown job: the topic is shared with the test classes before this one,
     * whose jobs this context's database does not hold, and every job of this test is registered.
     */
    private double rejected() {
        return meters.find("trainboard.events.rejected").counters().stream()
                .filter(c -> !"unknown-job".equals(c.getId().getTag("reason"))).mapToDouble(c -> c.count()).sum();
    }

    private List<List<String>> describe(String run) {
        Path dir = workDir.resolve("runs").resolve(run);
        List<List<String>> files = new ArrayList<>(EventFiles.files(dir).stream().map(EventFiles::describe).toList());
        files.add(EventFiles.otherFiles(dir));
        return files;
    }
}
