package dev.trainboard.trainer.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a job's final model lives in the shared artifact store: {@code <root>/<jobId>/model/} holds the DJL
 * parameter file {@value #PARAMETERS_FILE}, the description {@value #DESCRIPTION_FILE} and, written last, the
 * marker {@value #COMPLETE_MARKER}. A model directory without the marker is still being written, or was torn
 * by a crash, and does not exist for readers.
 */
final class ModelArtifacts {

    /** The name {@code Model.save(dir, PARAMETERS_PREFIX)} and {@code Model.load(dir, PARAMETERS_PREFIX)} take. */
    static final String PARAMETERS_PREFIX = "mnist";
    static final String PARAMETERS_FILE = PARAMETERS_PREFIX + "-0000.params";
    static final String DESCRIPTION_FILE = "model.json";
    static final String COMPLETE_MARKER = "COMPLETE";

    private final Path root;

    ModelArtifacts(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The directory the job's final model is written to, whether or not it exists. */
    Path modelDirectory(UUID jobId) {
        return root.resolve(jobId.toString()).resolve("model");
    }

    /** The job's final model directory, when the model is complete. */
    Optional<Path> completeModel(UUID jobId) {
        Path directory = modelDirectory(jobId);
        return Files.isRegularFile(directory.resolve(COMPLETE_MARKER)) ? Optional.of(directory) : Optional.empty();
    }
}
