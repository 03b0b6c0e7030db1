package io.modelmarket.ipfs;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A content identifier with a SHA-256 multihash: CIDv1 (codec {@code raw} or {@code dag-pb}, printed in
 * base32 as {@code b...}) or CIDv0 (dag-pb, printed in base58btc as {@code Qm...}). Immutable.
 */
public final class Cid {
    /** Multicodec of a block that is the file's bytes themselves. */
    public static final int RAW = 0x55;
    /** Multicodec of a dag-pb (UnixFS) node. */
    public static final int DAG_PB = 0x70;
    private static final int SHA2_256 = 0x12;
    private static final int DIGEST_LENGTH = 32;

    private final int version;
    private final int codec;
    private final byte[] digest;

    private Cid(int version, int codec, byte[] digest) {
        this.version = version;
        this.codec = codec;
        this.digest = digest;
    }

    /** The CID of the block {@code data[offset, offset + length)} under {@code codec}, for CID version 0 or 1. */
    static Cid of(int version, int codec, byte[] data, int offset, int length) {
        MessageDigest digest = newSha256();
        digest.update(data, offset, length);
        return new Cid(version, codec, digest.digest());
    }

    /** {@code text} when it parses as a CID, otherwise null: how a CID read from the chain is stored and served. */
    public static String validOrNull(String text) {
        try {
            parse(text);
            return text;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Parses a CIDv1 in base32 ({@code b...}) or a CIDv0 ({@code Qm...}); anything else, or a hash other than
     * SHA-256, is rejected with a message that says what is wrong.
     */
    public static Cid parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CID");
        }
        try {
            if (text.length() == 46 && text.startsWith("Qm")) {
                byte[] multihash = Multibase.decodeBase58(text);
                return new Cid(0, DAG_PB, sha256Digest(multihash, 0, text));
            }
            if (text.charAt(0) != 'b') {
                throw new IllegalArgumentException("only base32 CIDv1 ('b...') and CIDv0 ('Qm...') are supported");
            }
            byte[] bytes = Multibase.decodeBase32(text.substring(1));
            int[] position = {0};
            long version = Protobuf.readVarint(bytes, position);
            long codec = Protobuf.readVarint(bytes, position);
            if (version != 1) {
                throw new IllegalArgumentException("CID version " + version + " (expected 1)");
            }
            if (codec != RAW && codec != DAG_PB) {
                throw new IllegalArgumentException("codec 0x" + Long.toHexString(codec) + " (expected raw or dag-pb)");
            }
            return new Cid(1, (int) codec, sha256Digest(bytes, position[0], text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CID " + printable(text) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Text that was meant to be a CID, fit for a message or a terminal: quoted, with every character outside
     * printable ASCII (control characters and escape sequences included), the quote and the backslash written as a
     * Java escape (backslash, u, four hex digits), and cut
     * after 128 characters. A CID on chain is whatever its sender chose, up to 128 bytes.
     */
    public static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 128); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append(text.length() > 128 ? "'…" : "'").toString();
    }

    public int version() {
        return version;
    }

    public int codec() {
        return codec;
    }

    /** Whether {@code block} hashes to this CID. */
    public boolean matches(byte[] block) {
        return MessageDigest.isEqual(digest, sha256(block));
    }

    /** The binary CID, as dag-pb links hold it. */
    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(36);
        if (version == 1) {
            out.write(1);
            out.write(codec); // both codecs are below 0x80: one varint byte
        }
        out.write(SHA2_256);
        out.write(DIGEST_LENGTH);
        out.writeBytes(digest);
        return out.toByteArray();
    }

    /** Parses a binary CID as found in a dag-pb link. */
    static Cid fromBytes(byte[] bytes) {
        if (bytes.length == 34 && bytes[0] == SHA2_256) {
            return new Cid(0, DAG_PB, sha256Digest(bytes, 0, "link"));
        }
        int[] position = {0};
        long version = Protobuf.readVarint(bytes, position);
        long codec = Protobuf.readVarint(bytes, position);
        if (version != 1 || (codec != RAW && codec != DAG_PB)) {
            throw new IllegalArgumentException("unsupported link CID (version " + version + ", codec 0x" + Long.toHexString(codec) + ")");
        }
        return new Cid(1, (int) codec, sha256Digest(bytes, position[0], "link"));
    }

    @Override
    public String toString() {
        byte[] bytes = toBytes();
        return version == 0 ? Multibase.base58(bytes) : "b" + Multibase.base32(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid that && version == that.version && codec == that.codec && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version + codec) + Arrays.hashCode(digest);
    }

    private static byte[] sha256Digest(byte[] multihash, int offset, String source) {
        if (multihash.length - offset != 2 + DIGEST_LENGTH
                || multihash[offset] != SHA2_256
                || multihash[offset + 1] != DIGEST_LENGTH) {
            throw new IllegalArgumentException("not a SHA-256 multihash in " + source);
        }
        return Arrays.copyOfRange(multihash, offset + 2, multihash.length);
    }

    private static byte[] sha256(byte[] block) {
        return newSha256().digest(block);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
