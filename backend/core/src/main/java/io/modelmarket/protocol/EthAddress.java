package io.modelmarket.protocol;

/** A 20-byte Ethereum account or contract address. Immutable; compares by value, ignoring letter case. */
public final class EthAddress extends FixedBytes {
    public static final int LENGTH = 20;

    private EthAddress(byte[] bytes) {
        super(bytes, LENGTH, "an address");
    }

    /** Parses 40 hex digits with or without {@code 0x}; EIP-55 mixed case is accepted but not checked. */
    public static EthAddress fromHex(String hex) {
        return new EthAddress(Hex.decode(hex, "address"));
    }
}
