package dev.trainboard.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes (the MNIST format), raw or gzip-compressed. The header is two zero
 * bytes, the element type (0x08 = unsigned byte), the number of dimensions, then one big-endian int per
 * dimension; the values follow.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int GZIP_FIRST_BYTE = 0x1f;
    private static final int GZIP_SECOND_BYTE = 0x8b;

    private IdxReader() {
    }

    /** Reads the whole file; gzip is recognised by its magic bytes, not by the file name. */
    public static IdxArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(file.toString(), isGzip(in) ? new GZIPInputStream(in, 1 << 16) : in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file, e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_FIRST_BYTE && second == GZIP_SECOND_BYTE;
    }

    private static IdxArray read(String name, InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4 || magic[0] != 0 || magic[1] != 0 || magic[2] != UNSIGNED_BYTE
                || magic[3] < 1 || magic[3] > 4) {
            throw new IdxFormatException(name + " is not an IDX file of unsigned bytes: magic "
                    + hex(magic) + ", expected 00 00 08 followed by 1..4 dimensions");
        }
        int[] dimensions = new int[magic[3]];
        long expected = 1;
        for (int i = 0; i < dimensions.length; i++) {
            byte[] size = in.readNBytes(4);
            if (size.length < 4) {
                throw new IdxFormatException(name + " is truncated inside its header");
            }
            dimensions[i] = ((size[0] & 0xff) << 24) | ((size[1] & 0xff) << 16) | ((size[2] & 0xff) << 8)
                    | (size[3] & 0xff);
            if (dimensions[i] < 0) {
                throw new IdxFormatException(name + " declares a negative dimension " + dimensions[i]);
            }
            expected *= dimensions[i];
        }
        if (expected > Integer.MAX_VALUE - 16) {
            throw new IdxFormatException(name + " declares " + expected + " values, more than this reader holds");
        }
        byte[] values = in.readNBytes((int) expected);
        if (values.length < expected) {
            throw new IdxFormatException(name + " is truncated: the header declares " + expected
                    + " values but only " + values.length + " follow");
        }
        if (in.read() != -1) {
            throw new IdxFormatException(name + " has bytes after the " + expected + " values its header declares");
        }
        return new IdxArray(dimensions, values);
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.isEmpty() ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
