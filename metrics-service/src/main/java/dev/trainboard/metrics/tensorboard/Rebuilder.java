package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.EventPayload;
import dev.trainboard.metrics.checkpoints.ResumedAttempts;
import dev.trainboard.metrics.jobs.JobRepository;
import dev.trainboard.metrics.jobs.JobState;
import dev.trainboard.metrics.query.MetricReader;
import dev.trainboard.metrics.query.Stored;
import dev.trainboard.tfevents.SummaryWriter;
import dev.trainboard.tfevents.file.EventFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Regenerates event files from PostgreSQL. A run is written into a fresh staging directory first, one file
 * per attempt with a restart marker each, and only then replaces the run's files in the log dir. Files are
 * copied in under names TensorBoard ignores and renamed in name order, so TensorBoard never reads a
 * half-written file. A rebuilt run is in sync with the database, so its {@linkplain UnsyncedRuns marker} goes.
 */
@Service
public class Rebuilder {

    private final JobRepository jobs;
    private final MetricReader metrics;
    private final ResumedAttempts resumes;
    private final RunDirectories directories;
    private final LiveRuns liveRuns;
    private final UnsyncedRuns unsynced;
    private final LogDirLock lock;
    private final Path stagingRoot;

    public Rebuilder(JobRepository jobs, MetricReader metrics, ResumedAttempts resumes, RunDirectories directories,
            LiveRuns liveRuns, UnsyncedRuns unsynced, LogDirLock lock, TensorBoardProperties properties) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.resumes = resumes;
        this.directories = directories;
        this.liveRuns = liveRuns;
        this.unsynced = unsynced;
        this.lock = lock;
        this.stagingRoot = properties.stagingDir().toAbsolutePath().normalize();
    }

    /** What a rebuild wrote. */
    public record Result(List<String> runs, int files) {
    }

    /** Rebuilds one run. */
    public Result rebuild(JobState job) {
        return rebuildAll(List.of(job));
    }

    /** Rebuilds every registered job's run. */
    public Result rebuildAll() {
        return rebuildAll(jobs.findAllStates());
    }

    private Result rebuildAll(List<JobState> targets) {
        return lock.exclusive(() -> {
            liveRuns.closeAll();
            List<String> runs = new ArrayList<>();
            int files = 0;
            for (JobState job : targets) {
                files += rebuildRun(job);
                runs.add(job.runName());
            }
            return new Result(runs, files);
        });
    }

    private int rebuildRun(JobState job) {
        Path target = directories.resolve(job.runName());
        Path staging = RunDirectories.resolveUnder(stagingRoot.resolve(UUID.randomUUID().toString()), job.runName());
        try {
            Map<Integer, List<Stored<?>>> attempts = load(job.id());
            Map<Integer, Long> resumeSteps = resumes.stepsOf(job.id());
            for (Map.Entry<Integer, List<Stored<?>>> attempt : attempts.entrySet()) {
                writeAttempt(staging, attempt.getKey(), attempt.getValue(), resumeSteps.get(attempt.getKey()));
            }
            int files = attempts.isEmpty() ? 0 : replace(target, staging);
            deleteTree(staging.getParent());
            unsynced.repaired(job.id());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Rebuilding run " + job.runName() + " failed", e);
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
        List<Path[]> renames = new ArrayList<>();
        for (Path source : staged) {
            Path destination = target.resolve(staging.relativize(source).toString());
            Files.createDirectories(destination.getParent());
            String name = destination.getFileName().toString();
            if (EventFileName.isEventFile(name)) {
                Path hidden = destination.resolveSibling("rebuild-" + renames.size() + ".partial");
                Files.copy(source, hidden);
                renames.add(new Path[] {hidden, destination});
            } else {
                Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (Path[] rename : renames) {
            Files.move(rename[0], rename[1], StandardCopyOption.ATOMIC_MOVE);
        }
        return renames.size();
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
