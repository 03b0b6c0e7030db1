package io.modelmarket.protocol;

import java.security.SecureRandom;

/** Exactly 32 bytes: a bounty id, a commitment, a salt or a hash. Immutable. */
public final class Bytes32 extends FixedBytes {
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Bytes32(byte[] bytes) {
        super(bytes, LENGTH, "a 32-byte value");
    }

    /** Copies {@code bytes}, which must hold exactly 32 bytes. */
    public static Bytes32 of(byte[] bytes) {
        return new Bytes32(bytes.clone());
    }

    /** Parses 64 hex digits, with or without a leading {@code 0x}. */
    public static Bytes32 fromHex(String hex) {
        return new Bytes32(Hex.decode(hex, "32-byte value"));
    }

    /** 32 bytes from a CSPRNG, as every salt must be (docs/protocol.md, encodings). */
    public static Bytes32 randomSalt() {
        byte[] salt = new byte[LENGTH];
        RANDOM.nextBytes(salt);
        return new Bytes32(salt);
    }
}
