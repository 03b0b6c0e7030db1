package io.modelmarket.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string of a fixed length that compares by value and prints as {@code 0x}-hex. */
abstract sealed class FixedBytes permits Bytes32, EthAddress {
    private final byte[] bytes;

    FixedBytes(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " has " + length + " bytes (" + 2 * length + " hex digits), got " + bytes.length);
        }
        this.bytes = bytes;
    }

    public final byte[] toByteArray() {
        return bytes.clone();
    }

    /** {@code 0x} followed by lower-case hex digits. */
    public final String toHex() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && Arrays.equals(bytes, ((FixedBytes) other).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public final String toString() {
        return toHex();
    }
}
