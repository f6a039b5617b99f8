package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.EventPayload;
import dev.trainboard.metrics.checkpoints.ResumedAttempts;
import dev.trainboard.metrics.jobs.JobState;
import dev.trainboard.metrics.query.MetricReader;
import dev.trainboard.metrics.query.Stored;
import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.file.EventFileName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Regenerates event files from PostgreSQL. A run is written into a fresh staging directory first, one file
 * per attempt with a restart marker each, and only then replaces the run's files in the log dir. The staging
 * directory is {@value #STAGING}{@code /<job id>} inside the log dir (hidden, on the same file system), so the
 * files move into place by renames, in name order, and nothing is written outside the log dir; it is removed
 * before and after every rebuild of the run, whether it was rebuilt or not, and when an instance takes the run's
 * partition. A rebuilt run is in sync with the database, so its
 * {@linkplain UnsyncedRuns marker} goes. A run that cannot be rebuilt keeps its files and its marker, is counted
 * ({@code trainboard.tensorboard.rebuild.failures}) and reported by name and reason, and the other runs go on.
 */
@Service
public class Rebuilder {

    /** The staging directory, directly under the log dir. */
    public static final String STAGING = ".staging";

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);

    private final MetricReader metrics;
    private final ResumedAttempts resumes;
    private final RunDirectories directories;
    private final LiveRuns liveRuns;
    private final UnsyncedRuns unsynced;
    private final LogDirLock lock;
    private final Path stagingRoot;
    private final Counter failures;

    public Rebuilder(MetricReader metrics, ResumedAttempts resumes, RunDirectories directories, LiveRuns liveRuns,
            UnsyncedRuns unsynced, LogDirLock lock, MeterRegistry registry) {
        this.metrics = metrics;
        this.resumes = resumes;
        this.directories = directories;
        this.liveRuns = liveRuns;
        this.unsynced = unsynced;
        this.lock = lock;
        this.stagingRoot = directories.logdir().resolve(STAGING);
        this.failures = Counter.builder("trainboard.tensorboard.rebuild.failures")
                .description("Runs a rebuild could not write (they keep their files and stay marked unsynced)")
                .register(registry);
    }

    /** What a rebuild wrote, and the runs it could not rebuild. */
    public record Result(List<String> runs, int files, List<Failure> failed) {
    }

    /** A run that could not be rebuilt, and why. */
    public record Failure(String run, UUID jobId, String reason) {
    }

    /** Rebuilds one run. */
    public Result rebuild(JobState job) {
        return rebuildAll(List.of(job));
    }

    /** Rebuilds the given jobs' runs. */
    public Result rebuildAll(List<JobState> targets) {
        return lock.exclusive(() -> {
            targets.forEach(job -> liveRuns.close(job.id()));
            List<String> runs = new ArrayList<>();
            List<Failure> failed = new ArrayList<>();
            int files = 0;
            for (JobState job : targets) {
                try {
                    files += rebuildRun(job);
                    runs.add(job.runName());
                } catch (IOException | RuntimeException e) {
                    failures.increment();
                    failed.add(new Failure(job.runName(), job.id(), e.toString()));
                    log.error("Could not rebuild run {} of job {}: {}; its files stay as they were until a rebuild "
                            + "succeeds", job.runName(), job.id(), e.toString());
                }
            }
            return new Result(runs, files, failed);
        });
    }

    private int rebuildRun(JobState job) throws IOException {
        Path target = directories.resolve(job.runName());
        // Staged per job: only the job's partition owner rebuilds it, so no other instance uses this directory.
        Path staging = RunDirectories.resolveUnder(stagingRoot.resolve(job.id().toString()), job.runName());
        deleteTree(staging.getParent());
        try {
            Map<Integer, List<Stored<?>>> attempts = load(job.id());
            Map<Integer, Long> resumeSteps = resumes.stepsOf(job.id());
            for (Map.Entry<Integer, List<Stored<?>>> attempt : attempts.entrySet()) {
                writeAttempt(staging, attempt.getKey(), attempt.getValue(), resumeSteps.get(attempt.getKey()));
            }
            int files = attempts.isEmpty() ? 0 : replace(target, staging);
            unsynced.repaired(job.id());
            return files;
        } finally {
            deleteTree(staging.getParent());
            removeIfEmpty(stagingRoot);
        }
    }

    /**
     * Removes what rebuilds of the given jobs left in the staging directory, such as those of a process that died
     * in one. Other instances stage the jobs they own there too, so only the caller's own jobs are touched.
     */
    public void clearStaging(Predicate<UUID> ownJob) {
        if (!Files.isDirectory(stagingRoot)) {
            return;
        }
        try (Stream<Path> entries = Files.list(stagingRoot)) {
            for (Path entry : entries.toList()) {
                if (RunDirectories.jobIdOf(entry).filter(ownJob).isPresent()) {
                    deleteTree(entry);
                }
            }
            removeIfEmpty(stagingRoot);
        } catch (IOException e) {
            log.warn("Could not clear the staging directory {}: {}", stagingRoot, e.toString());
        }
    }

    /** Removes the staging directory when no instance stages a run in it, so an idle log dir shows none. */
    private static void removeIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // Another replica is rebuilding one of its runs; the last rebuild to finish removes it.
        } catch (IOException e) {
            log.warn("Could not remove the staging directory {}: {}", directory, e.toString());
        }
    }

    /** Everything stored for the job, by attempt; within an attempt the graph first, hparams last, the rest by step. */
    private Map<Integer, List<Stored<?>>> load(UUID jobId) {
        List<Stored<?>> all = new ArrayList<>();
        all.addAll(metrics.storedGraphs(jobId));
        List<Stored<?>> stepped = new ArrayList<>();
        stepped.addAll(metrics.storedScalars(jobId));
        stepped.addAll(metrics.storedImages(jobId));
        stepped.addAll(metrics.storedHistograms(jobId));
        stepped.addAll(metrics.storedPrCurves(jobId));
        stepped.addAll(metrics.storedTexts(jobId));
        stepped.addAll(metrics.storedEmbeddings(jobId));
        stepped.sort(Comparator.comparingLong(s -> PayloadWriter.firstStep(s.payload()).orElse(0)));
        all.addAll(stepped);
        all.addAll(metrics.storedHParams(jobId));
        Map<Integer, List<Stored<?>>> byAttempt = new TreeMap<>();
        all.forEach(s -> byAttempt.computeIfAbsent(s.attempt(), a -> new ArrayList<>()).add(s));
        return byAttempt;
    }

    /** One attempt's file; its restart marker goes at the step it resumed from, or else at its first step. */
    private static void writeAttempt(Path runDir, int attempt, List<Stored<?>> items, Long resumeStep)
            throws IOException {
        long firstStep = resumeStep != null ? resumeStep : items.stream().map(Stored::payload)
                .map(PayloadWriter::firstStep).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong)
                .min().orElse(0);
        long lastStep = 0;
        try (SummaryWriter writer = SummaryWriter.builder(runDir).fileSequence(attempt).restartAt(firstStep).open()) {
            for (Stored<?> item : items) {
                EventPayload payload = item.payload();
                Instant loggedAt = item.loggedAt() == null ? Instant.EPOCH : item.loggedAt();
                PayloadWriter.write(writer, payload, loggedAt, lastStep);
                lastStep = Math.max(lastStep, PayloadWriter.lastStep(payload).orElse(0));
            }
        }
    }

    /** Replaces the run's directory with the staged one; returns the number of event files put in place. */
    private static int replace(Path target, Path staging) throws IOException {
        deleteTree(target);
        List<Path> staged;
        try (Stream<Path> walk = Files.walk(staging)) {
            staged = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int eventFiles = 0;
        for (Path source : staged) {
            Path destination = target.resolve(staging.relativize(source).toString());
            Files.createDirectories(destination.getParent());
            Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
            eventFiles += EventFileName.isEventFile(destination.getFileName().toString()) ? 1 : 0;
        }
        return eventFiles;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
