package dev.trainboard.tfevents.projector;

import com.google.protobuf.TextFormat;
import dev.trainboard.tfevents.proto.EmbeddingInfo;
import dev.trainboard.tfevents.proto.ProjectorConfig;
import dev.trainboard.tfevents.proto.SpriteMetadata;
import dev.trainboard.tfevents.summary.Pixels;
import dev.trainboard.tfevents.summary.Png;
import dev.trainboard.tfevents.summary.Sprites;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Files of TensorBoard's embedding projector, laid out as PyTorch's {@code add_embedding} does: for tag
 * {@code t} at step {@code s}, {@code <run>/<s as 5 digits>/<t>/} holds {@code tensors.tsv},
 * {@code metadata.tsv} and optionally {@code sprite.png}, and {@code <run>/projector_config.pbtxt} lists
 * every embedding of the run. The config is merged with the one on disk, so writers of later attempts keep
 * earlier entries.
 */
public final class Embeddings {

    public static final String CONFIG_FILE = "projector_config.pbtxt";

    private Embeddings() {
    }

    /**
     * Writes one embedding.
     *
     * @param vectors      N points of D dimensions each
     * @param labels       one label per point (single-column metadata, no header), or {@code null}
     * @param spriteImages one thumbnail per point, all the same size, or {@code null}
     * @return the directory holding the embedding's files
     */
    public static synchronized Path write(Path runDir, String tag, long step, float[][] vectors, List<String> labels,
                                          List<Pixels> spriteImages) throws IOException {
        validate(tag, step, vectors, labels, spriteImages);
        String subdir = String.format("%05d", step) + "/" + encodeTag(tag);
        Path dir = runDir.resolve(subdir);
        Files.createDirectories(dir);
        EmbeddingInfo.Builder info = EmbeddingInfo.newBuilder()
                .setTensorName(tag + ":" + String.format("%05d", step))
                .setTensorPath(subdir + "/tensors.tsv");
        writeTensors(dir.resolve("tensors.tsv"), vectors);
        if (labels != null) {
            writeLabels(dir.resolve("metadata.tsv"), labels);
            info.setMetadataPath(subdir + "/metadata.tsv");
        }
        if (spriteImages != null) {
            Files.write(dir.resolve("sprite.png"), Png.encode(Sprites.of(spriteImages)));
            info.setSprite(SpriteMetadata.newBuilder()
                    .setImagePath(subdir + "/sprite.png")
                    .addSingleImageDim(spriteImages.get(0).width())
                    .addSingleImageDim(spriteImages.get(0).height()));
        }
        updateConfig(runDir, info.build());
        return dir;
    }

    /** Reads a run's projector config, or an empty one when there is none. */
    public static ProjectorConfig readConfig(Path runDir) throws IOException {
        Path file = runDir.resolve(CONFIG_FILE);
        ProjectorConfig.Builder config = ProjectorConfig.newBuilder();
        if (Files.exists(file)) {
            TextFormat.merge(Files.readString(file, StandardCharsets.UTF_8), config);
        }
        return config.build();
    }

    /** The directory name PyTorch uses for a tag: {@code %}, {@code /} and {@code \} percent-encoded. */
    static String encodeTag(String tag) {
        return tag.replace("%", "%25").replace("/", "%2F").replace("\\", "%5C");
    }

    private static void validate(String tag, long step, float[][] vectors, List<String> labels,
                                 List<Pixels> spriteImages) {
        if (tag == null || tag.isEmpty() || tag.equals(".") || tag.equals("..")) {
            throw new IllegalArgumentException("embedding tag must be a non-empty name other than . and ..");
        }
        if (step < 0 || step > 99_999) {
            throw new IllegalArgumentException("embedding step must be in [0, 99999], was " + step);
        }
        if (vectors.length == 0) {
            throw new IllegalArgumentException("an embedding needs at least one vector");
        }
        for (float[] vector : vectors) {
            if (vector.length != vectors[0].length || vector.length == 0) {
                throw new IllegalArgumentException("all embedding vectors must have the same, non-zero length");
            }
        }
        if (labels != null && labels.size() != vectors.length) {
            throw new IllegalArgumentException("expected " + vectors.length + " labels, got " + labels.size());
        }
        if (spriteImages != null && spriteImages.size() != vectors.length) {
            throw new IllegalArgumentException("expected " + vectors.length + " sprite images, got "
                    + spriteImages.size());
        }
    }

    private static void writeTensors(Path file, float[][] vectors) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (float[] vector : vectors) {
                for (int i = 0; i < vector.length; i++) {
                    if (i > 0) {
                        out.write('\t');
                    }
                    out.write(Float.toString(vector[i]));
                }
                out.write('\n');
            }
        }
    }

    private static void writeLabels(Path file, List<String> labels) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String label : labels) {
                // A tab would turn the single label column into a header row plus columns.
                out.write(label.replaceAll("[\t\r\n]", " "));
                out.write('\n');
            }
        }
    }

    private static void updateConfig(Path runDir, EmbeddingInfo info) throws IOException {
        ProjectorConfig existing = readConfig(runDir);
        ProjectorConfig.Builder config = ProjectorConfig.newBuilder();
        for (EmbeddingInfo other : existing.getEmbeddingsList()) {
            if (!other.getTensorName().equals(info.getTensorName())) {
                config.addEmbeddings(other);
            }
        }
        config.addEmbeddings(info);
        Path temp = Files.createTempFile(runDir, CONFIG_FILE, ".tmp");
        Files.writeString(temp, TextFormat.printer().printToString(config.build()), StandardCharsets.UTF_8);
        Files.move(temp, runDir.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
