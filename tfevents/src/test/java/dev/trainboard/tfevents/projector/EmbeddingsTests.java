package dev.trainboard.tfevents.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.proto.EmbeddingInfo;
import dev.trainboard.tfevents.proto.ProjectorConfig;
import dev.trainboard.tfevents.summary.Pixels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsTests {

    @TempDir
    Path run;

    @Test
    void writesTensorsLabelsSpriteAndConfigLikePyTorch() throws Exception {
        float[][] vectors = new float[10][];
        List<String> labels = new ArrayList<>();
        List<Pixels> thumbnails = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vectors[i] = new float[] {i, 0.5f, -1.25f};
            labels.add(i == 3 ? "with\ttab" : "digit " + i);
            byte[] grey = new byte[4 * 4];
            Arrays.fill(grey, (byte) (i * 20));
            thumbnails.add(Pixels.ofHwc(4, 4, 1, grey));
        }
        Path dir = Embeddings.write(run, "mnist/test", 7, vectors, labels, thumbnails);
        assertThat(run.relativize(dir).toString()).isEqualTo("00007/mnist%2Ftest");

        List<String> tensorLines = Files.readAllLines(dir.resolve("tensors.tsv"));
        assertThat(tensorLines).hasSize(10);
        assertThat(tensorLines.get(2)).isEqualTo("2.0\t0.5\t-1.25");
        List<String> labelLines = Files.readAllLines(dir.resolve("metadata.tsv"));
        assertThat(labelLines).hasSize(10).contains("with tab").startsWith("digit 0");

        BufferedImage sprite = ImageIO.read(dir.resolve("sprite.png").toFile());
        // 10 thumbnails -> 4 per row on a square 16x16 canvas; thumbnail 5 is row 1, column 1.
        assertThat(sprite.getWidth()).isEqualTo(16);
        assertThat(sprite.getHeight()).isEqualTo(16);
        assertThat(sprite.getRGB(5, 5) & 0xff).isEqualTo(100);
        assertThat(sprite.getRGB(15, 15) & 0xffffff).isZero();

        EmbeddingInfo info = Embeddings.readConfig(run).getEmbeddings(0);
        assertThat(info.getTensorName()).isEqualTo("mnist/test:00007");
        assertThat(info.getTensorPath()).isEqualTo("00007/mnist%2Ftest/tensors.tsv");
        assertThat(info.getMetadataPath()).isEqualTo("00007/mnist%2Ftest/metadata.tsv");
        assertThat(info.getSprite().getImagePath()).isEqualTo("00007/mnist%2Ftest/sprite.png");
        assertThat(info.getSprite().getSingleImageDimList()).containsExactly(4, 4);
    }

    @Test
    void keepsEarlierEmbeddingsAndReplacesOneWrittenAgain() throws Exception {
        float[][] vectors = {{1f, 2f}};
        Embeddings.write(run, "a", 0, vectors, null, null);
        Embeddings.write(run, "b", 0, vectors, null, null);
        Embeddings.write(run, "a", 0, vectors, List.of("x"), null);
        ProjectorConfig config = Embeddings.readConfig(run);
        assertThat(config.getEmbeddingsList()).extracting(EmbeddingInfo::getTensorName)
                .containsExactly("b:00000", "a:00000");
        assertThat(config.getEmbeddings(1).getMetadataPath()).isEqualTo("00000/a/metadata.tsv");
        assertThat(config.getEmbeddings(0).hasSprite()).isFalse();
        assertThat(Files.readString(run.resolve("projector_config.pbtxt"))).contains("tensor_name: \"b:00000\"");
    }

    @Test
    void aTagCannotLeaveTheRunDirectory() throws Exception {
        float[][] vectors = {{1f}};
        assertThatThrownBy(() -> Embeddings.write(run, "..", 0, vectors, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        Path dir = Embeddings.write(run, "../../etc", 0, vectors, null, null);
        assertThat(dir.getParent().getParent()).isEqualTo(run);
        assertThat(dir.getFileName().toString()).isEqualTo("..%2F..%2Fetc");
    }

    @Test
    void rejectsInconsistentInput() {
        assertThatThrownBy(() -> Embeddings.write(run, "t", 0, new float[][] {{1f}, {1f, 2f}}, null, null))
                .hasMessageContaining("same");
        assertThatThrownBy(() -> Embeddings.write(run, "t", 0, new float[][] {{1f}}, List.of("a", "b"), null))
                .hasMessageContaining("labels");
        assertThatThrownBy(() -> Embeddings.write(run, "t", 100_000, new float[][] {{1f}}, null, null))
                .hasMessageContaining("step");
    }
}
