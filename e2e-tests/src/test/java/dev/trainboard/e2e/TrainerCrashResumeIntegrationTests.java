package dev.trainboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.JobStatus;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.api.JobView;
import dev.trainboard.tfevents.proto.Event;
import dev.trainboard.tfevents.proto.SessionLog;
import dev.trainboard.tfevents.reader.EventFileReader;
import dev.trainboard.tfevents.reader.RunReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A trainer killed with SIGKILL in the middle of an epoch, after a checkpoint, and started again: the job's next
 * attempt continues from that checkpoint, its curves go on from there in PostgreSQL and in the event files, and
 * the job ends SUCCEEDED with its final model in the artifact store and in the checkpoint list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerCrashResumeIntegrationTests {

    private static final String RUN = "resumed";
    /** 20,000 images in batches of 50: 400 steps an epoch, 800 in all. */
    private static final int TRAIN_IMAGES = 20_000;
    private static final int BATCH = 50;
    private static final int EPOCHS = 2;
    private static final int LOG_EVERY = 20;
    private static final int CHECKPOINT_EVERY = 200;
    /** Wider than the tutorial's 500 units, so the steps between two checkpoints take long enough to kill in. */
    private static final int HIDDEN = 2048;
    private static final long STEPS_PER_EPOCH = TRAIN_IMAGES / BATCH;
    private static final String LOSS = "training loss";
    private static final String TOKEN = System.getenv().getOrDefault("TRAINBOARD_TOKEN", "dev-submitter-token");

    @AutoClose("downAndDropDatabase")
    private Platform platform;
    private GatewayClient gateway;
    private UUID job;
    private long resumeStep;
    private long lastStepOfTheCrashedAttempt;
    private JobView finished;

    @BeforeAll
    void trainThroughATrainerCrash() throws Exception {
        Path root = Path.of(System.getProperty("trainboard.root")).toRealPath();
        platform = Platform.inWorkDir(root, Path.of(System.getProperty("trainboard.workDir")).resolveSibling("e2e-resume"));
        platform.up();
        gateway = new GatewayClient(platform.gatewayUrl(), TOKEN);

        job = gateway.submitJob(Map.of("runName", RUN, "dataset", "mnist", "epochs", EPOCHS, "batchSize", BATCH,
                "logEverySteps", LOG_EVERY, "trainLimit", TRAIN_IMAGES, "testLimit", 1000, "device", "cpu",
                "hiddenSize", HIDDEN, "checkpointEverySteps", CHECKPOINT_EVERY)).id();
        // Kill once the first checkpoint is complete and a point after it is stored: the first epoch's middle.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Optional<Long> checkpoint = newestCheckpoint();
            if (checkpoint.isEmpty()) {
                return false;
            }
            lastStepOfTheCrashedAttempt = gateway.scalars(job, LOSS).stream().mapToLong(ScalarPoint::step).max()
                    .orElse(-1);
            return lastStepOfTheCrashedAttempt > checkpoint.get();
        });
        platform.crash("trainer-service");
        resumeStep = newestCheckpoint().orElseThrow();

        platform.up();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.job(job).status().isTerminal());
        finished = gateway.job(job);
    }

    @Test
    void theTrainerWasKilledMidEpochAfterACheckpointAndTheNextAttemptSucceeded() {
        assertThat(resumeStep).as("newest checkpoint at the kill").isPositive();
        assertThat(resumeStep % CHECKPOINT_EVERY).as("the resume step is a checkpoint's").isZero();
        assertThat(resumeStep % STEPS_PER_EPOCH).as("a checkpoint inside the first epoch").isNotZero();
        assertThat(lastStepOfTheCrashedAttempt).as("the killed attempt had stored a point past its checkpoint")
                .isGreaterThan(resumeStep);
        assertThat(finished.status()).as("error: " + finished.error()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(finished.attempt()).isEqualTo(2);
        assertThat(finished.finalMetrics().get("test accuracy")).isGreaterThan(0.8);
    }

    @Test
    void everyStepIsStoredOnceAndTheResumedAttemptOwnsTheStepsFromItsCheckpoint() throws Exception {
        List<long[]> rows = new ArrayList<>();
        try (Connection db = platform.openDatabase();
                PreparedStatement query = db.prepareStatement(
                        "select step, attempt from scalars where job_id = ? and tag = ? order by step, attempt")) {
            query.setObject(1, job);
            query.setString(2, LOSS);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new long[] {result.getLong(1), result.getInt(2)});
                }
            }
        }

        assertThat(rows).extracting(row -> row[0]).containsExactlyElementsOf(expectedSteps());
        assertThat(rows).allSatisfy(row -> assertThat(row[1]).as("attempt at step " + row[0])
                .isEqualTo(row[0] < resumeStep ? 1 : 2));
        assertThat(gateway.scalars(job, LOSS)).extracting(ScalarPoint::step).containsExactlyElementsOf(expectedSteps());
    }

    @Test
    void theEventFilesContinueFromTheCheckpointAsTensorBoardReadsThem() throws Exception {
        Path runDir = platform.logDir().resolve(RUN);
        List<Path> files = RunReader.eventFiles(runDir);

        assertThat(files).hasSize(2);
        List<Event> second = EventFileReader.readAll(files.get(1));
        assertThat(second.get(1).getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
        assertThat(second.get(1).getStep()).as("the restart marker names the resume step").isEqualTo(resumeStep);
        assertThat(RunEvents.read(runDir).scalarStepsAsTensorBoardShows(LOSS)).containsExactlyElementsOf(expectedSteps());

        // Written again from PostgreSQL, the files hold each step once even before the marker is applied.
        platform.rebuild(RUN);
        assertThat(RunEvents.read(runDir).scalars(LOSS)).map(RunEvents.TaggedValue::step)
                .containsExactlyElementsOf(expectedSteps());
    }

    @Test
    void theFinalModelIsInTheArtifactStoreAndListed() throws Exception {
        Path model = platform.artifacts().resolve(job + "/model");
        assertThat(model.resolve("COMPLETE")).exists();
        assertThat(model.resolve("mnist-0000.params")).isNotEmptyFile();
        assertThat(Files.readString(model.resolve("model.json"))).contains("\"runName\" : \"" + RUN + "\"");

        JsonNode listed = gateway.checkpoints(job);
        List<String> paths = new ArrayList<>();
        listed.forEach(entry -> paths.add(entry.path("path").asString()));
        assertThat(paths).containsExactly(job + "/checkpoints/step-000000000200",
                job + "/checkpoints/step-000000000400", job + "/checkpoints/step-000000000600",
                job + "/checkpoints/step-000000000800", job + "/model");
        JsonNode last = listed.get(listed.size() - 1);
        assertThat(last.path("finalModel").asBoolean()).isTrue();
        assertThat(last.path("attempt").asInt()).isEqualTo(2);
        assertThat(last.path("sizeBytes").asLong()).isGreaterThan(1_000_000L);
        assertThat(listed.get(0).path("attempt").asInt()).as("saved before the kill").isEqualTo(1);
    }

    /** The steps the tutorial logs at: 19, 39, ..., 799. */
    private static List<Long> expectedSteps() {
        return LongStream.rangeClosed(1, STEPS_PER_EPOCH * EPOCHS / LOG_EVERY).map(window -> window * LOG_EVERY - 1)
                .boxed().toList();
    }

    /** The step of the newest complete checkpoint in the artifact store. */
    private Optional<Long> newestCheckpoint() throws Exception {
        Path checkpoints = platform.artifacts().resolve(job + "/checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> directories = Files.list(checkpoints)) {
            // Only renamed checkpoints: a temporary directory holds COMPLETE for a moment before its rename.
            return directories.filter(dir -> dir.getFileName().toString().matches("step-[0-9]{12}"))
                    .filter(dir -> Files.exists(dir.resolve("COMPLETE")))
                    .map(dir -> Long.parseLong(dir.getFileName().toString().substring("step-".length())))
                    .max(Long::compare);
        }
    }
}
