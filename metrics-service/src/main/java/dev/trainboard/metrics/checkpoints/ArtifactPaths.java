package dev.trainboard.metrics.checkpoints;

import java.util.UUID;
import java.util.regex.Pattern;

/** The directories a {@code CheckpointSaved} may name: the job's own checkpoints and final model, nothing else. */
public final class ArtifactPaths {

    private static final Pattern CHECKPOINT_OR_MODEL = Pattern.compile("(checkpoints/step-[0-9]{12}|model)");

    private ArtifactPaths() {
    }

    /**
     * Throws {@link IllegalArgumentException} for a path other than {@code <job id>/checkpoints/step-<12 digits>}
     * and {@code <job id>/model}, or one that does not match {@code finalModel}.
     */
    public static void check(UUID jobId, String path, boolean finalModel) {
        String prefix = jobId + "/";
        String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
        if (!CHECKPOINT_OR_MODEL.matcher(rest).matches() || rest.equals("model") != finalModel) {
            throw new IllegalArgumentException("payload.path " + path + " is not " + prefix
                    + (finalModel ? "model" : "checkpoints/step-<12 digits>"));
        }
    }
}
