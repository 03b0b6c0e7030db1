package io.modelmarket.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The commitments of protocol v2 (docs/protocol.md, "Sealing (v2)"), byte for byte as {@code BountyMarketV2} and
 * scripts/lib/protocol.ts compute them: SHA-256 over {@code abi.encodePacked} of a {@link DomainTag} and the
 * fields. Bounty ids are v1's ({@link Commitments#bountyId}).
 */
public final class CommitmentsV2 {
    /** AES-GCM's nonce length in bytes. */
    public static final int SEAL_NONCE_LENGTH = 12;

    private CommitmentsV2() {}

    /** {@code sha256(abi.encodePacked(TAG_GROUND_TRUTH, bountyId, labels, salt))}. */
    public static Bytes32 groundTruth(Bytes32 bountyId, byte[] labels, Bytes32 salt) {
        return Commitments.sha256(DomainTag.GROUND_TRUTH.tag().toByteArray(), bountyId.toByteArray(), labels, salt.toByteArray());
    }

    /** {@code sha256(abi.encodePacked(TAG_SEALING_KEY, bountyId, key))}: a random 32-byte key needs no salt. */
    public static Bytes32 sealingKey(Bytes32 bountyId, Bytes32 key) {
        return Commitments.sha256(DomainTag.SEALING_KEY.tag().toByteArray(), bountyId.toByteArray(), key.toByteArray());
    }

    /** {@code sha256(abi.encodePacked(TAG_MODEL, bountyId, trainer, bytes(modelCid), salt))}, the CID as UTF-8. */
    public static Bytes32 model(Bytes32 bountyId, EthAddress trainer, String modelCid, Bytes32 salt) {
        byte[] cid = modelCid.getBytes(StandardCharsets.UTF_8);
        return Commitments.sha256(
                DomainTag.MODEL.tag().toByteArray(), bountyId.toByteArray(), trainer.toByteArray(), cid, salt.toByteArray());
    }

    /** {@code sha256(abi.encodePacked(TAG_PREDICTIONS, bountyId, trainer, predictions, salt))}. */
    public static Bytes32 predictions(Bytes32 bountyId, EthAddress trainer, byte[] predictions, Bytes32 salt) {
        return Commitments.sha256(
                DomainTag.PREDICTIONS.tag().toByteArray(), bountyId.toByteArray(), trainer.toByteArray(), predictions,
                salt.toByteArray());
    }

    /**
     * The AES-256-GCM nonce of a bounty's sealed test inputs: the first 12 bytes of
     * {@code sha256(TAG_SEAL_NONCE || bountyId)}. One key seals one file only, so a nonce fixed per bounty is safe,
     * and it makes the sealed bytes (hence their CID) a function of the key and the file.
     */
    public static byte[] sealNonce(Bytes32 bountyId) {
        byte[] digest = Commitments.sha256(DomainTag.SEAL_NONCE.tag().toByteArray(), bountyId.toByteArray()).toByteArray();
        return Arrays.copyOf(digest, SEAL_NONCE_LENGTH);
    }
}
