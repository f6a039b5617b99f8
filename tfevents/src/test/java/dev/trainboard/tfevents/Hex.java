package dev.trainboard.tfevents;

import java.util.HexFormat;

/** Hex strings in tests: spaces are ignored so vectors can be grouped as in the format reference. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
