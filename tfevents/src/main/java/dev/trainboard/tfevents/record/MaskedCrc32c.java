package dev.trainboard.tfevents.record;

import java.util.zip.CRC32C;

/**
 * The checksum TFRecord framing uses: CRC32C (Castagnoli), then "masked" by rotating right by 15 bits
 * and adding a constant, so that a CRC stored inside checksummed data does not checksum to itself.
 */
public final class MaskedCrc32c {

    private static final int MASK_DELTA = 0xa282ead8;

    private MaskedCrc32c() {
    }

    /** The raw (unmasked) CRC32C of {@code length} bytes of {@code data} from {@code offset}. */
    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /** The masked CRC32C of {@code length} bytes of {@code data} from {@code offset}. */
    public static int of(byte[] data, int offset, int length) {
        return mask(crc32c(data, offset, length));
    }

    public static int mask(int crc) {
        return Integer.rotateRight(crc, 15) + MASK_DELTA;
    }

    public static int unmask(int masked) {
        return Integer.rotateLeft(masked - MASK_DELTA, 15);
    }
}
