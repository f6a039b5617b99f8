package dev.trainboard.tfevents.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.tfevents.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskedCrc32cTests {

    @Test
    void crcOf32ZeroBytesMatchesUpstreamVector() {
        assertThat(MaskedCrc32c.crc32c(new byte[32], 0, 32)).isEqualTo(0x8a9136aa);
    }

    @Test
    void crcOfAbcdMatchesTensorboardXVector() {
        byte[] abcd = "abcd".getBytes(StandardCharsets.US_ASCII);
        assertThat(MaskedCrc32c.crc32c(abcd, 0, 4)).isEqualTo(0x92c80a31);
    }

    @Test
    void maskedCrcMatchesUpstreamVector() {
        byte[] data = Hex.bytes("1a11" + Hex.of("CRC test, one two".getBytes(StandardCharsets.US_ASCII)));
        assertThat(data).hasSize(19);
        assertThat(MaskedCrc32c.of(data, 0, data.length)).isEqualTo(0x5794d08a);
    }

    @Test
    void maskRotatesRightBy15AndAddsTheDeltaModulo2To32() {
        assertThat(MaskedCrc32c.mask(0)).isEqualTo(0xa282ead8);
        // 1 rotated right by 15 is 1 << 17; the sum wraps past 2^32 for large values.
        assertThat(MaskedCrc32c.mask(1)).isEqualTo((1 << 17) + 0xa282ead8);
        assertThat(MaskedCrc32c.mask(0xffffffff)).isEqualTo(0xffffffff + 0xa282ead8);
    }

    @Test
    void unmaskInvertsMask() {
        for (int crc : new int[] {0, 1, -1, 0x8a9136aa, 0x12345678, Integer.MIN_VALUE}) {
            assertThat(MaskedCrc32c.unmask(MaskedCrc32c.mask(crc))).isEqualTo(crc);
        }
    }

    @Test
    void respectsOffsetAndLength() {
        byte[] padded = new byte[40];
        assertThat(MaskedCrc32c.crc32c(padded, 5, 32)).isEqualTo(0x8a9136aa);
    }
}
