package dev.trainboard.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTests {

    @TempDir
    Path dir;

    /** An IDX file of two 2x3 images holding 0..11. */
    static byte[] twoImages() {
        ByteBuffer file = ByteBuffer.allocate(4 + 3 * 4 + 12);
        file.put(new byte[] {0, 0, 8, 3}).putInt(2).putInt(2).putInt(3);
        for (int i = 0; i < 12; i++) {
            file.put((byte) i);
        }
        return file.array();
    }

    @Test
    void readsRawFiles() throws IOException {
        IdxArray images = IdxReader.read(Files.write(dir.resolve("images"), twoImages()));

        assertThat(images.dimensions()).containsExactly(2, 2, 3);
        assertThat(images.count()).isEqualTo(2);
        assertThat(images.itemSize()).isEqualTo(6);
        assertThat(images.values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void readsGzipFilesWhateverTheirName() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(twoImages());
        }
        IdxArray images = IdxReader.read(Files.write(dir.resolve("images-without-suffix"), compressed.toByteArray()));

        assertThat(images.values()).hasSize(12).endsWith((byte) 11);
    }

    @Test
    void rejectsAWrongMagic() throws IOException {
        byte[] floats = twoImages();
        floats[2] = 0x0d;
        Path file = Files.write(dir.resolve("floats"), floats);

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("magic 00 00 0d 03");
    }

    @Test
    void rejectsATextFile() throws IOException {
        Path file = Files.writeString(dir.resolve("notes"), "<html>not found</html>");

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("is not an IDX file");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] whole = twoImages();
        Path file = Files.write(dir.resolve("short"), Arrays.copyOf(whole, whole.length - 5));

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("declares 12 values but only 7 follow");
    }

    @Test
    void rejectsAFileCutInsideItsHeader() throws IOException {
        Path file = Files.write(dir.resolve("header"), Arrays.copyOf(twoImages(), 9));

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("truncated inside its header");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] whole = twoImages();
        Path file = Files.write(dir.resolve("long"), Arrays.copyOf(whole, whole.length + 1));

        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("bytes after the 12 values");
    }
}
