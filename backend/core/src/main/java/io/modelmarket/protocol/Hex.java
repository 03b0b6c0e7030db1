package io.modelmarket.protocol;

import java.util.HexFormat;

/** {@code 0x}-hex both ways, with parse errors that say what was being parsed. */
public final class Hex {
    private Hex() {}

    /** {@code 0x} followed by lower-case hex digits. */
    public static String encode(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Parses hex digits, with or without {@code 0x}; {@code what} names the value in the error. */
    public static byte[] decode(String hex, String what) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex " + what + ": '" + hex + "' (" + e.getMessage() + ")", e);
        }
    }
}
