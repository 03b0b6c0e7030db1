package io.modelmarket.protocol;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** Exactly 32 bytes: a bounty id, a commitment, a salt or a hash. Immutable. */
public final class Bytes32 {
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}, which must hold exactly 32 bytes. */
    public static Bytes32 of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
        }
        return new Bytes32(bytes.clone());
    }

    /** Parses 64 hex digits, with or without a leading {@code 0x}. */
    public static Bytes32 fromHex(String hex) {
        byte[] parsed = Hex.decode(hex, "32-byte value");
        if (parsed.length != LENGTH) {
            throw new IllegalArgumentException("expected 32 bytes (64 hex digits), got " + parsed.length + ": " + hex);
        }
        return new Bytes32(parsed);
    }

    /** 32 bytes from a CSPRNG, as every salt must be (docs/protocol.md, commitments). */
    public static Bytes32 randomSalt() {
        byte[] salt = new byte[LENGTH];
        RANDOM.nextBytes(salt);
        return new Bytes32(salt);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** {@code 0x} followed by 64 lower-case hex digits. */
    public String toHex() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 that && Arrays.equals(bytes, that.bytes);
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
