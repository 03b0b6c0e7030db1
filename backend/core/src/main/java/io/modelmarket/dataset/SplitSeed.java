package io.modelmarket.dataset;

import io.modelmarket.protocol.Bytes32;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * The secret of a split (docs/datasets.md, "Split"): {@code seed = SHA-256(keccak256("modelmarket.split") ‖ salt)},
 * where {@code salt} is the ground-truth salt the requester reveals with the labels, and the two keys it gives every
 * row. Hash {@code seed ‖ line}, where {@code line} is the UTF-8 CSV line (as {@link CsvWriter} writes it, LF
 * included) of the row's class name followed by its feature cells as they appear in the file: the first 8 bytes of
 * the SHA-256, as an unsigned big-endian number, are the row's selection key, the next 8 its order key. Each
 * bucket's test rows are its rows with the smallest selection keys, and the test inputs list them by order key.
 * Two independent keys, because listing the rows by the key that selected them would end the list with a run of
 * the class whose threshold came out highest.
 *
 * <p>Until the reveal only the requester can compute a key; after it anyone can, from the published rows alone
 * (test rows with their revealed labels, training rows with theirs), which is what lets {@link SplitReplay} check a
 * split without the original file. An instance is not thread-safe.
 */
public final class SplitSeed {
    private static final byte[] DOMAIN = new Keccak.Digest256().digest("modelmarket.split".getBytes(StandardCharsets.US_ASCII));

    private final byte[] seed;
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final MessageDigest sha256 = sha256();
    private final byte[] digest = new byte[32];

    private SplitSeed(byte[] seed) {
        this.seed = seed;
    }

    /** The split seed of a bounty whose ground-truth salt is {@code salt}. */
    public static SplitSeed fromSalt(Bytes32 salt) {
        MessageDigest digest = sha256();
        digest.update(DOMAIN);
        digest.update(salt.toByteArray());
        return new SplitSeed(digest.digest());
    }

    /** The 32 seed bytes (a copy). */
    public byte[] bytes() {
        return seed.clone();
    }

    /** A row's selection and order keys, unsigned numbers: compare them with {@link Long#compareUnsigned}. */
    public record Keys(long selection, long order) {}

    /** The keys of a row of class {@code className} with {@code features}, its feature cells in file order. */
    public Keys keys(String className, List<String> features) {
        List<String> cells = new ArrayList<>(features.size() + 1);
        cells.add(className);
        cells.addAll(features);
        byte[] line = CsvWriter.line(cells).getBytes(StandardCharsets.UTF_8);
        hash(line, 0, line.length);
        return new Keys(selection(), order());
    }

    /**
     * Hashes a row given as its UTF-8 CSV line (class name and feature cells), {@code length} bytes of {@code line}
     * from {@code offset}; read its keys with {@link #selection()} and {@link #order()}.
     */
    void hash(byte[] line, int offset, int length) {
        sha256.update(seed);
        sha256.update(line, offset, length);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
        }
    }

    /** The selection key of the row last hashed. */
    long selection() {
        return (long) BIG_ENDIAN_LONG.get(digest, 0);
    }

    /** The order key of the row last hashed. */
    long order() {
        return (long) BIG_ENDIAN_LONG.get(digest, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
