package dev.trainboard.trainer.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.events.CheckpointSaved;
import dev.trainboard.events.EventPayload;
import dev.trainboard.trainer.training.CheckpointFiles;
import dev.trainboard.trainer.training.TrainingPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The store's layout, atomic writes, and what it does with the remains of an interrupted write. */
class ArtifactStoreTests {

    private static final UUID JOB = UUID.fromString("0b7c3e9a-5d1f-4e2a-8c6b-3f9d2a1e7b40");

    @TempDir
    Path root;

    private final List<EventPayload> published = new ArrayList<>();

    @Test
    void aSavedCheckpointIsCompleteAnnouncedAndTheNewestIsFound() throws IOException {
        JobArtifacts artifacts = store().forAttempt(JOB, 1, Optional.empty(), published::add);

        artifacts.saveCheckpoint(position(1, 40, 0), contents(position(1, 40, 0)));
        artifacts.saveCheckpoint(position(1, 60, 20), contents(position(1, 60, 20)));

        Path newest = root.resolve(JOB + "/checkpoints/step-000000000060");
        assertThat(newest.resolve("COMPLETE")).isEmptyFile();
        assertThat(newest.resolve(CheckpointFiles.POSITION)).exists();
        assertThat(CheckpointFiles.readPosition(newest)).isEqualTo(position(1, 60, 20));
        assertThat(store().latestCheckpoint(JOB)).hasValueSatisfying(latest -> {
            assertThat(latest.directory()).isEqualTo(newest);
            assertThat(latest.position().step()).isEqualTo(60);
        });
        assertThat(published).containsExactly(
                new CheckpointSaved(40, 1, JOB + "/checkpoints/step-000000000040", false, sizeOf(
                        root.resolve(JOB + "/checkpoints/step-000000000040"))),
                new CheckpointSaved(60, 1, JOB + "/checkpoints/step-000000000060", false, sizeOf(newest)));
        assertThat(children(root.resolve(JOB + "/checkpoints"))).containsExactly("step-000000000040",
                "step-000000000060");
    }

    @Test
    void aTornWriteIsIgnoredAndRemoved() throws IOException {
        JobArtifacts artifacts = store().forAttempt(JOB, 1, Optional.empty(), published::add);
        artifacts.saveCheckpoint(position(1, 40, 0), contents(position(1, 40, 0)));
        // A newer checkpoint renamed into place without its completion mark, and one still in its temporary
        // directory: what a crash can leave, whatever the file system kept of the order of writes.
        Path torn = root.resolve(JOB + "/checkpoints/step-000000000080");
        Files.createDirectories(torn);
        contents(position(2, 80, 0)).writeInto(torn);
        Path temporary = root.resolve(JOB + "/checkpoints/.tmp-" + UUID.randomUUID());
        Files.createDirectories(temporary);
        Files.writeString(temporary.resolve(CheckpointFiles.PARAMETERS), "half");
        Path temporaryModel = root.resolve(JOB + "/.tmp-" + UUID.randomUUID());
        Files.createDirectories(temporaryModel);

        Optional<ArtifactStore.StoredCheckpoint> latest = store().latestCheckpoint(JOB);

        assertThat(latest).map(ArtifactStore.StoredCheckpoint::position).contains(position(1, 40, 0));
        assertThat(torn).doesNotExist();
        assertThat(temporary).doesNotExist();
        assertThat(temporaryModel).doesNotExist();
        assertThat(children(root.resolve(JOB.toString()))).containsExactly("checkpoints");
    }

    @Test
    void aJobWithoutCheckpointsStartsAtStepZero() {
        assertThat(store().latestCheckpoint(JOB)).isEmpty();
    }

    @Test
    void aFailedWriteLeavesNothingAndPublishesNothing() {
        JobArtifacts artifacts = store().forAttempt(JOB, 1, Optional.empty(), published::add);

        assertThatThrownBy(() -> artifacts.saveCheckpoint(position(1, 40, 0), directory -> {
            Files.writeString(directory.resolve(CheckpointFiles.PARAMETERS), "half");
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("step-000000000040");

        assertThat(children(root.resolve(JOB + "/checkpoints"))).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void theFinalModelReplacesOneAnEarlierAttemptSaved() throws IOException {
        store().forAttempt(JOB, 1, Optional.empty(), published::add)
                .saveModel(80, 2, directory -> Files.writeString(directory.resolve("model.json"), "{\"attempt\":1}"));
        store().forAttempt(JOB, 2, Optional.empty(), published::add)
                .saveModel(80, 2, directory -> Files.writeString(directory.resolve("model.json"), "{\"attempt\":2}"));

        Path model = root.resolve(JOB + "/model");
        assertThat(model.resolve("model.json")).hasContent("{\"attempt\":2}");
        assertThat(model.resolve("COMPLETE")).exists();
        assertThat(children(root.resolve(JOB.toString()))).containsExactly("model");
        assertThat(published).last().isEqualTo(new CheckpointSaved(80, 2, JOB + "/model", true, 13));
    }

    private ArtifactStore store() {
        return new ArtifactStore(new ArtifactProperties(root));
    }

    private static TrainingPosition position(int epoch, long step, int offset) {
        return new TrainingPosition(epoch, step, 42L, offset, 1);
    }

    /** Stand-ins for the parameter and optimizer files, and the real position file. */
    private static dev.trainboard.trainer.training.Checkpointing.Contents contents(TrainingPosition position) {
        return directory -> {
            Files.write(directory.resolve(CheckpointFiles.PARAMETERS), new byte[] {1, 2, 3});
            Files.write(directory.resolve(CheckpointFiles.OPTIMIZER), new byte[] {4, 5});
            Files.writeString(directory.resolve(CheckpointFiles.POSITION),
                    JsonMapper.shared().writeValueAsString(position));
        };
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            long bytes = 0;
            for (Path file : files.toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }

    private static List<String> children(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
