package io.modelmarket.kit;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Hex;

/**
 * What a requester of a bounty must keep (docs/protocol.md, "Kits"): the sealing key to release
 * after the model deadline, and the test labels and their salt to reveal after Predicting. Without it the requester
 * is slashed. It also names the bounty's files, so that the requester can check what it published.
 *
 * @param labels the test labels, one class index per byte (regression, {@code numClasses} 0: one fixed-point target per 4 bytes), as
 *     {@code 0x}-hex
 * @param salt the ground-truth commitment's salt (also the split's secret), {@code 0x}-hex
 * @param sealingKey the AES-256-GCM key of the sealed test inputs, {@code 0x}-hex
 */
public record RevealKit(
        String kind, long chainId, String market, String bountyId, String requester, String labels, String salt, String sealingKey,
        String groundTruthCommitment, String sealingKeyCommitment, int testSize, int numClasses, String trainingCid,
        String sealedTestInputsCid, String metadataCid) {
    public static final String KIND = "modelmarket/reveal-kit/2";

    /** The published files of a bounty, by CID. */
    public record Files(String trainingCid, String sealedTestInputsCid, String metadataCid) {}

    /**
     * A kit for {@code labels} committed with {@code salt} and test inputs sealed with {@code sealingKey} for bounty {@code bountyId}; a
     * {@code numClasses} of 0 is a regression bounty's, whose labels are 4 bytes a test row.
     */
    public static RevealKit create(long chainId, String market, Bytes32 bountyId, String requester, byte[] labels, Bytes32 salt,
            Bytes32 sealingKey, int numClasses, Files files) {
        return new RevealKit(KIND, chainId, market.toLowerCase(), bountyId.toHex(), requester.toLowerCase(), Hex.encode(labels),
                salt.toHex(), sealingKey.toHex(), Commitments.groundTruth(bountyId, labels, salt).toHex(),
                Commitments.sealingKey(bountyId, sealingKey).toHex(), numClasses == 0 ? labels.length / FixedPoint.BYTES : labels.length, numClasses,
                files.trainingCid(),
                files.sealedTestInputsCid(), files.metadataCid());
    }

    /**
     * Checks that this is a reveal kit for {@code market} on {@code chainId} whose labels, salt and key open its
     * own commitments; throws {@link IllegalArgumentException} naming what is wrong.
     */
    public void check(long expectedChainId, String expectedMarket) {
        Kits.checkKind(KIND, kind, "reveal kit");
        Kits.checkMarket(chainId, market, expectedChainId, expectedMarket);
        if (!Commitments.groundTruth(id(), labelBytes(), saltBytes()).toHex().equalsIgnoreCase(groundTruthCommitment)) {
            throw new IllegalArgumentException("the kit's labels and salt do not open its own groundTruthCommitment");
        }
        if (!Commitments.sealingKey(id(), sealingKeyBytes()).toHex().equalsIgnoreCase(sealingKeyCommitment)) {
            throw new IllegalArgumentException("the kit's sealingKey does not open its own sealingKeyCommitment");
        }
    }

    public Bytes32 id() {
        return Bytes32.fromHex(bountyId);
    }

    public byte[] labelBytes() {
        return Hex.decode(labels, "labels");
    }

    public Bytes32 saltBytes() {
        return Bytes32.fromHex(salt);
    }

    public Bytes32 sealingKeyBytes() {
        return Bytes32.fromHex(sealingKey);
    }
}
