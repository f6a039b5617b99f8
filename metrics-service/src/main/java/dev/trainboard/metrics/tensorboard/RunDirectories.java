package dev.trainboard.metrics.tensorboard;

import dev.trainboard.events.RunName;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Maps run names to directories. Every path the service writes event files to comes from here, so this is
 * the one place that keeps a run inside the log dir: the name must match {@link RunName#REGEX}, and the
 * resolved path must still be a direct child of the log dir.
 */
@Component
public class RunDirectories {

    private final Path logdir;

    public RunDirectories(TensorBoardProperties properties) {
        this.logdir = properties.logdir().toAbsolutePath().normalize();
    }

    public Path logdir() {
        return logdir;
    }

    /** The run's directory under the log dir. */
    public Path resolve(String runName) {
        return resolveUnder(logdir, runName);
    }

    /** The run's directory under {@code root}, with the same checks. */
    public static Path resolveUnder(Path root, String runName) {
        if (!RunName.isValid(runName)) {
            throw new InvalidRunNameException("Run name must match " + RunName.REGEX + ": "
                    + (runName == null ? "null" : abbreviate(runName)));
        }
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path dir = normalizedRoot.resolve(runName).normalize();
        if (!normalizedRoot.equals(dir.getParent())) {
            throw new InvalidRunNameException("Run name leaves the log dir: " + runName);
        }
        return dir;
    }

    private static String abbreviate(String name) {
        return name.length() <= 80 ? "'" + name + "'" : "'" + name.substring(0, 80) + "...' (" + name.length() + " chars)";
    }

    /** The job a directory named after a job id belongs to; empty for any other name. */
    static Optional<UUID> jobIdOf(Path directory) {
        try {
            return Optional.of(UUID.fromString(directory.getFileName().toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
