package dev.trainboard.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.events.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTests {

    @TempDir
    Path dataDir;

    @TempDir
    Path systemDir;

    @Test
    void aMissingMnistDirectoryNamesTheFetchScript() {
        DatasetLoader loader = new DatasetLoader(dataDir, systemDir);

        assertThatThrownBy(() -> loader.load(Dataset.MNIST, null, null)).isInstanceOf(DataNotFoundException.class)
                .hasMessageContaining(dataDir.resolve("mnist").toString())
                .hasMessageContaining("platform/fetch-mnist.sh " + dataDir);
    }

    @Test
    void fashionMnistComesFromTheDebianDirectoryWhenTheDataDirHasNone() throws IOException {
        writeSet(systemDir, 5, true);

        TrainingData data = new DatasetLoader(dataDir, systemDir).load(Dataset.FASHION_MNIST, 3, null);

        assertThat(data.train().count()).isEqualTo(3);
        assertThat(data.train().pixels()).hasSize(3 * 4);
        assertThat(data.train().labels()).containsExactly(0, 1, 2);
        assertThat(data.test().count()).isEqualTo(5);
    }

    @Test
    void theDataDirWinsOverTheDebianDirectory() throws IOException {
        writeSet(dataDir.resolve("fashion-mnist"), 2, false);
        writeSet(systemDir, 5, true);

        assertThat(new DatasetLoader(dataDir, systemDir).load(Dataset.FASHION_MNIST, null, null).train().count())
                .isEqualTo(2);
    }

    @Test
    void aMissingFashionMnistNamesTheDebianPackage() {
        assertThatThrownBy(() -> new DatasetLoader(dataDir, systemDir).load(Dataset.FASHION_MNIST, null, null))
                .isInstanceOf(DataNotFoundException.class).hasMessageContaining("dataset-fashion-mnist");
    }

    @Test
    void imagesAndLabelsMustAgreeOnTheCount() throws IOException {
        Path dir = dataDir.resolve("mnist");
        writeSet(dir, 4, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(3));

        assertThatThrownBy(() -> new DatasetLoader(dataDir, systemDir).load(Dataset.MNIST, null, null))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("4 images but");
    }

    /** Four IDX files of {@code count} 2x2 images each, raw or gzip-compressed with a .gz suffix. */
    private static void writeSet(Path dir, int count, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer images = ByteBuffer.allocate(16 + count * 4);
        images.put(new byte[] {0, 0, 8, 3}).putInt(count).putInt(2).putInt(2);
        for (int i = 0; i < count * 4; i++) {
            images.put((byte) i);
        }
        for (String split : new String[] {"train", "t10k"}) {
            write(dir, split + "-images-idx3-ubyte", images.array(), gzip);
            write(dir, split + "-labels-idx1-ubyte", labels(count), gzip);
        }
    }

    private static byte[] labels(int count) {
        ByteBuffer labels = ByteBuffer.allocate(8 + count);
        labels.put(new byte[] {0, 0, 8, 1}).putInt(count);
        for (int i = 0; i < count; i++) {
            labels.put((byte) (i % 10));
        }
        return labels.array();
    }

    private static void write(Path dir, String name, byte[] content, boolean gzip) throws IOException {
        if (!gzip) {
            Files.write(dir.resolve(name), content);
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) {
            out.write(content);
        }
    }
}
