package io.modelmarket.protocol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * Bounty ids, the four commitments and the seal's nonce of docs/protocol.md ("Encodings and commitments"),
 * byte for byte as {@code BountyMarket} and frontend/src/protocol/commitments.ts compute them: SHA-256 over
 * {@code abi.encodePacked} of a {@link DomainTag} and the fields, and the bounty id as
 * {@code keccak256(abi.encode(chainId, market, requester, nonce))}.
 */
public final class Commitments {
    /** AES-GCM's nonce length in bytes. */
    public static final int SEAL_NONCE_LENGTH = 12;
    private static final int WORD = 32;

    private Commitments() {}

    /** {@code keccak256(abi.encode(chainId, market, requester, nonce))}. */
    public static Bytes32 bountyId(BigInteger chainId, EthAddress market, EthAddress requester, BigInteger nonce) {
        ByteBuffer encoded = ByteBuffer.allocate(4 * WORD);
        encoded.put(uint256(chainId, "chainId"));
        encoded.put(leftPad(market.toByteArray()));
        encoded.put(leftPad(requester.toByteArray()));
        encoded.put(uint256(nonce, "nonce"));
        return Bytes32.of(new Keccak.Digest256().digest(encoded.array()));
    }

    /** {@code sha256(abi.encodePacked(TAG_GROUND_TRUTH, bountyId, labels, salt))}. */
    public static Bytes32 groundTruth(Bytes32 bountyId, byte[] labels, Bytes32 salt) {
        return sha256(DomainTag.GROUND_TRUTH.tag().toByteArray(), bountyId.toByteArray(), labels, salt.toByteArray());
    }

    /** {@code sha256(abi.encodePacked(TAG_SEALING_KEY, bountyId, key))}: a random 32-byte key needs no salt. */
    public static Bytes32 sealingKey(Bytes32 bountyId, Bytes32 key) {
        return sha256(DomainTag.SEALING_KEY.tag().toByteArray(), bountyId.toByteArray(), key.toByteArray());
    }

    /** {@code sha256(abi.encodePacked(TAG_MODEL, bountyId, trainer, bytes(modelCid), salt))}, the CID as UTF-8. */
    public static Bytes32 model(Bytes32 bountyId, EthAddress trainer, String modelCid, Bytes32 salt) {
        byte[] cid = modelCid.getBytes(StandardCharsets.UTF_8);
        return sha256(
                DomainTag.MODEL.tag().toByteArray(), bountyId.toByteArray(), trainer.toByteArray(), cid, salt.toByteArray());
    }

    /** {@code sha256(abi.encodePacked(TAG_PREDICTIONS, bountyId, trainer, predictions, salt))}. */
    public static Bytes32 predictions(Bytes32 bountyId, EthAddress trainer, byte[] predictions, Bytes32 salt) {
        return sha256(
                DomainTag.PREDICTIONS.tag().toByteArray(), bountyId.toByteArray(), trainer.toByteArray(), predictions,
                salt.toByteArray());
    }

    /**
     * The AES-256-GCM nonce of a bounty's sealed test inputs: the first 12 bytes of
     * {@code sha256(TAG_SEAL_NONCE || bountyId)}. One key seals one file only, so a nonce fixed per bounty is safe,
     * and it makes the sealed bytes (hence their CID) a function of the key and the file.
     */
    public static byte[] sealNonce(Bytes32 bountyId) {
        byte[] digest = sha256(DomainTag.SEAL_NONCE.tag().toByteArray(), bountyId.toByteArray()).toByteArray();
        return Arrays.copyOf(digest, SEAL_NONCE_LENGTH);
    }

    /**
     * How many items of {@code predictions} equal the item at the same index of {@code labels}: what
     * {@code revealSubmission} scores (both vectors must have the test size there; here the shorter one bounds it).
     */
    public static int countMatches(byte[] predictions, byte[] labels) {
        int correct = 0;
        for (int i = 0; i < Math.min(predictions.length, labels.length); i++) {
            correct += predictions[i] == labels[i] ? 1 : 0;
        }
        return correct;
    }

    /** SHA-256 of the parts one after the other: {@code sha256(abi.encodePacked(...))} of byte strings. */
    private static Bytes32 sha256(byte[]... parts) {
        MessageDigest digest = newSha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return Bytes32.of(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] uint256(BigInteger value, String name) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException(name + " must be a uint256, got " + value);
        }
        byte[] magnitude = value.toByteArray();
        int start = magnitude.length > WORD ? magnitude.length - WORD : 0; // drop the sign byte
        byte[] word = new byte[WORD];
        System.arraycopy(magnitude, start, word, WORD - (magnitude.length - start), magnitude.length - start);
        return word;
    }

    private static byte[] leftPad(byte[] bytes) {
        byte[] word = new byte[WORD];
        System.arraycopy(bytes, 0, word, WORD - bytes.length, bytes.length);
        return word;
    }
}
