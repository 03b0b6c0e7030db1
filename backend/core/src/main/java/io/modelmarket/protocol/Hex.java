package io.modelmarket.protocol;

import java.util.HexFormat;

/** Hex parsing with errors that say what was being parsed. */
final class Hex {
    private Hex() {}

    static byte[] decode(String hex, String what) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex " + what + ": '" + hex + "' (" + e.getMessage() + ")", e);
        }
    }
}
