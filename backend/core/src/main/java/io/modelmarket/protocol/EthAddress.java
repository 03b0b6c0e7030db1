package io.modelmarket.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/** A 20-byte Ethereum account or contract address. Immutable; compares by value, ignoring letter case. */
public final class EthAddress {
    public static final int LENGTH = 20;

    private final byte[] bytes;

    private EthAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses 40 hex digits with or without {@code 0x}; EIP-55 mixed case is accepted but not checked. */
    public static EthAddress fromHex(String hex) {
        byte[] parsed = Hex.decode(hex, "address");
        if (parsed.length != LENGTH) {
            throw new IllegalArgumentException("an address has 20 bytes (40 hex digits), got " + parsed.length + ": " + hex);
        }
        return new EthAddress(parsed);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** {@code 0x} followed by 40 lower-case hex digits. */
    public String toHex() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EthAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
