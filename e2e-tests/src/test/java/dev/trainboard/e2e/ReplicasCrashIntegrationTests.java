package dev.trainboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobView;
import dev.trainboard.tfevents.reader.RunReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two metrics services and two trainers (two slots each) share Kafka, PostgreSQL and the log dir while a sweep of
 * six jobs logs every step. A trainer is killed with SIGKILL in the middle of a job while the other has a free slot,
 * then each metrics service in turn while the other one is writing runs; each is started again. Afterwards every
 * job has succeeded, every run's files, rows and steps agree, and nothing is left marked unsynced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasCrashIntegrationTests {

    private static final String SWEEP = "e2e-replicas";
    private static final List<Double> LEARNING_RATES = List.of(0.001, 0.002, 0.005);
    /** Wide layers make slow steps, so that the kills and restarts fall inside the sweep. */
    private static final List<Integer> HIDDEN_SIZES = List.of(1024, 2048);
    private static final int TRAIN_IMAGES = 30_000;
    private static final int BATCH = 50;
    private static final int EPOCHS = 3;
    private static final long STEPS = (long) EPOCHS * TRAIN_IMAGES / BATCH;
    private static final int SLOTS = 2;
    /** trainboard.jobs and trainboard.events both have the metrics service's 3 partitions, keyed by job id. */
    private static final int PARTITIONS = 3;
    private static final Map<String, Object> BASE = Map.of("dataset", "mnist", "epochs", EPOCHS, "batchSize", BATCH,
            "logEverySteps", 1, "trainLimit", TRAIN_IMAGES, "testLimit", 500, "device", "cpu");
    private static final List<String> TRAINERS = List.of("trainer-service", "trainer-service-2");
    private static final List<String> TAGS = List.of("training loss", "accuracy");
    private static final String TOKEN = System.getenv().getOrDefault("TRAINBOARD_TOKEN", "dev-submitter-token");
    private static final Pattern STARTED = Pattern.compile("job (\\S+) attempt (\\d+) \\(.*\\) (starts|resumes)");
    private static final Pattern ENDED = Pattern.compile(
            "job (\\S+) (succeeded|failed|cancelled|ended without)|stopping job (\\S+) without a status");

    @AutoClose("downAndDropDatabase")
    private Platform platform;
    private GatewayClient gateway;
    private List<JobView> submitted;
    private Map<String, JobView> finished;
    private final Map<String, Set<UUID>> writingAtKill = new LinkedHashMap<>();
    private String killedTrainer;
    private UUID killedTrainersJob;
    private Duration failover;

    @BeforeAll
    void runASweepThroughKilledReplicas() throws Exception {
        Path root = Path.of(System.getProperty("trainboard.root")).toRealPath();
        platform = Platform.inWorkDir(root, Path.of(System.getProperty("trainboard.workDir"))
                .resolveSibling("e2e-replicas"));
        platform.setEnvironment("TRAINBOARD_TRAINER_SLOTS", Integer.toString(SLOTS));
        String[] topology = {"--metrics", "2", "--trainers", "2"};
        platform.up(topology);
        gateway = new GatewayClient(platform.gatewayUrl(), TOKEN);
        submitted = new ArrayList<>(gateway.submitSweep(Map.of("name", SWEEP, "base", BASE,
                "grid", Map.of("learningRate", LEARNING_RATES, "hiddenSize", HIDDEN_SIZES))).jobs());

        killATrainerMidJobWhileTheOtherHasAFreeSlot();
        killWhileTheOtherWrites("metrics-service", "metrics-service-2");
        platform.up(topology);
        killWhileTheOtherWrites("metrics-service-2", "metrics-service");
        platform.up(topology);

        finished = gateway.awaitEnded(submitted, Duration.ofMinutes(8));
    }

    @Test
    void everyKillLandedMidJobOrMidWrite() {
        assertThat(killedTrainersJob).as("the killed trainer was training a job").isNotNull();
        assertThat(finished.values()).filteredOn(job -> job.id().equals(killedTrainersJob)).singleElement()
                .satisfies(job -> assertThat(job.attempt()).as("attempts of the killed trainer's job").isGreaterThan(1));
        assertThat(writingAtKill).as("runs the surviving metrics service was writing at each kill").hasSize(2)
                .allSatisfy((killed, runs) -> assertThat(runs).as("killing " + killed).isNotEmpty());
    }

    @Test
    void aKilledTrainersJobStartsOnTheOtherTrainersFreeSlotWithin15Seconds() {
        System.out.printf("%s was killed; its job %s started on the other trainer after %d ms%n", killedTrainer,
                killedTrainersJob, failover.toMillis());
        // 10 s of session timeout, 1 s of heartbeat, a rebalance and the job's start; a job waiting for the busy
        // slot's job to end would take that job's length (tens of seconds) on top.
        assertThat(failover).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void everyJobSucceeded() {
        assertThat(finished).hasSize(submitted.size()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(finished.values()).allSatisfy(job -> assertThat(job.status())
                .as(job.runName() + " (error: " + job.error() + ")").isEqualTo(JobStatus.SUCCEEDED));
    }

    @Test
    void noRunIsLeftMarkedUnsynced() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(platform.unsyncedMarkers()).as("runs still marked unsynced").isEmpty());
    }

    @Test
    void theReaderReadsEveryFileAndTensorBoardSeesEachStepOnceInOrder() throws Exception {
        for (JobView job : finished.values()) {
            Path runDir = platform.logDir().resolve(job.runName());
            assertThat(RunReader.eventFiles(runDir)).as(job.runName()).isNotEmpty();
            RunEvents run = RunEvents.read(runDir);
            for (String tag : TAGS) {
                assertThat(run.scalarStepsAsTensorBoardShows(tag)).as(job.runName() + " " + tag)
                        .containsExactlyElementsOf(expectedSteps());
            }
        }
    }

    @Test
    void theDatabaseHoldsEachAttemptsStepsOnceWithoutGapsAndTogetherEveryStep() throws Exception {
        try (Connection db = platform.openDatabase();
                PreparedStatement query = db.prepareStatement(
                        "select attempt, step from scalars where job_id = ? and tag = ? order by attempt, step")) {
            for (JobView job : finished.values()) {
                for (String tag : TAGS) {
                    Map<Integer, List<Long>> byAttempt = new TreeMap<>();
                    query.setObject(1, job.id());
                    query.setString(2, tag);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            byAttempt.computeIfAbsent(rows.getInt(1), attempt -> new ArrayList<>()).add(rows.getLong(2));
                        }
                    }
                    String what = job.runName() + " " + tag + ", attempts " + byAttempt.keySet();
                    // A killed attempt keeps what its trainer sent before the kill, up to where the next one resumed:
                    // consecutive steps, each once.
                    byAttempt.values().forEach(steps -> assertThat(steps).as(what)
                            .containsExactlyElementsOf(LongStream.rangeClosed(steps.get(0), steps.get(steps.size() - 1))
                                    .boxed().toList()));
                    Set<Long> covered = new TreeSet<>();
                    byAttempt.values().forEach(covered::addAll);
                    assertThat(covered).as(what).containsExactlyElementsOf(expectedSteps());
                }
            }
        }
    }

    @Test
    void theRunCheckFindsTheFilesAndTheDatabaseInAgreement() throws Exception {
        // The same comparison as ./trainboard check: every run, tag and attempt, files against rows.
        noRunIsLeftMarkedUnsynced();
        platform.check();
    }

    /**
     * Kills the trainer that trains a job (past its first steps) while the other one trains fewer jobs than it has
     * slots, and times how long the killed trainer's jobs take to start on the other one.
     */
    private void killATrainerMidJobWhileTheOtherHasAFreeSlot() throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String trainer : TRAINERS) {
                String other = TRAINERS.get(1 - TRAINERS.indexOf(trainer));
                Map<UUID, Integer> training = training(trainer);
                if (training(other).size() >= SLOTS) {
                    continue;
                }
                for (Map.Entry<UUID, Integer> job : training.entrySet()) {
                    JobView view = gateway.job(job.getKey());
                    if (view.attempt() == job.getValue() && view.progress() != null && view.progress().step() >= 20) {
                        killedTrainer = trainer;
                        killedTrainersJob = job.getKey();
                        return true;
                    }
                }
            }
            return false;
        });
        Set<UUID> orphans = training(killedTrainer).keySet();
        String survivor = TRAINERS.get(1 - TRAINERS.indexOf(killedTrainer));
        platform.crash(killedTrainer);
        Instant killed = Instant.now();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    String log = platform.log(survivor);
                    return orphans.stream().anyMatch(job -> startedIn(log, job));
                });
        failover = Duration.between(killed, Instant.now());
    }

    /**
     * Kills one metrics service once the other writes the open file of a run (one of its partitions). When none of
     * the jobs left is on the writer's partitions (the sweep is faster than the restarts on an idle machine), one
     * more job of the sweep's kind is submitted until one is, so that the kill lands mid-write however the timing
     * falls.
     */
    private void killWhileTheOtherWrites(String victim, String writer) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> !ownedPartitions(writer).isEmpty());
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!openRunsOf(writer).isEmpty()) {
                return true;
            }
            Set<Integer> owned = ownedPartitions(writer);
            boolean coming = false;
            for (JobView job : submitted) {
                coming |= owned.contains(partitionOf(job.id())) && !gateway.job(job.id()).status().isTerminal();
            }
            if (!coming) {
                submitted.add(gateway.submitJob(extraJob("e2e-replicas-extra-" + submitted.size())));
            }
            return false;
        });
        Set<UUID> writing = openRunsOf(writer);
        platform.crash(victim);
        writingAtKill.put(victim, writing);
    }

    /** The jobs of open runs (an unsynced marker) on partitions whose lock the process holds. */
    private Set<UUID> openRunsOf(String process) throws Exception {
        Set<Integer> owned = ownedPartitions(process);
        Set<UUID> open = new HashSet<>();
        for (String marker : platform.unsyncedMarkers()) {
            UUID job = UUID.fromString(marker);
            if (owned.contains(partitionOf(job))) {
                open.add(job);
            }
        }
        return open;
    }

    /** The partitions of trainboard.events whose lock the process holds. */
    private Set<Integer> ownedPartitions(String process) throws Exception {
        Set<Integer> owned = new HashSet<>();
        try (Connection db = platform.openDatabase();
                PreparedStatement query = db.prepareStatement(
                        "select partition_id from event_file_owners where instance like ?")) {
            query.setString(1, "%-" + platform.pid(process) + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    owned.add(rows.getInt(1));
                }
            }
        }
        return owned;
    }

    private static int partitionOf(UUID job) {
        return BuiltInPartitioner.partitionForKey(job.toString().getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /** The jobs a trainer's log shows it training now, with their attempts. */
    private Map<UUID, Integer> training(String trainer) throws Exception {
        Map<UUID, Integer> training = new LinkedHashMap<>();
        for (String line : platform.log(trainer).lines().toList()) {
            Matcher started = STARTED.matcher(line);
            Matcher ended = ENDED.matcher(line);
            if (started.find()) {
                training.put(UUID.fromString(started.group(1)), Integer.parseInt(started.group(2)));
            } else if (ended.find()) {
                training.remove(UUID.fromString(ended.group(1) != null ? ended.group(1) : ended.group(3)));
            }
        }
        return training;
    }

    private static boolean startedIn(String trainerLog, UUID job) {
        return trainerLog.lines().map(STARTED::matcher)
                .anyMatch(started -> started.find() && started.group(1).equals(job.toString()));
    }

    /** A job as the sweep's, outside it, with its own run name. */
    private static Map<String, Object> extraJob(String runName) {
        Map<String, Object> job = new LinkedHashMap<>(BASE);
        job.put("runName", runName);
        job.put("learningRate", LEARNING_RATES.get(0));
        job.put("hiddenSize", HIDDEN_SIZES.get(0));
        return job;
    }

    /** Steps 0 to the last: the sweep logs every step. */
    private static List<Long> expectedSteps() {
        return LongStream.range(0, STEPS).boxed().toList();
    }
}
