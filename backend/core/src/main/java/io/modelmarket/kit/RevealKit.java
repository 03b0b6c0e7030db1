package io.modelmarket.kit;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.Hex;

/**
 * What a requester must keep to reveal the ground truth later: without it the labels cannot be revealed
 * and the requester is slashed. The web flow hands it out once; the CLI writes it to a file.
 *
 * @param labels the test labels, one class index per byte, as {@code 0x}-hex
 * @param salt the commitment's salt, {@code 0x}-hex
 */
public record RevealKit(
        String kind, long chainId, String market, String bountyId, String requester, String labels, String salt,
        String groundTruthCommitment, int testSize, int numClasses) {
    public static final String KIND = "modelmarket/reveal-kit/1";

    /** A kit for {@code labels}, committed with {@code salt} to bounty {@code bountyId} of {@code market}. */
    public static RevealKit create(long chainId, String market, Bytes32 bountyId, String requester, byte[] labels, Bytes32 salt,
            int numClasses) {
        return new RevealKit(KIND, chainId, market.toLowerCase(), bountyId.toHex(), requester.toLowerCase(), Hex.encode(labels),
                salt.toHex(), Commitments.groundTruth(bountyId, labels, salt).toHex(), labels.length, numClasses);
    }

    /**
     * Checks that this is a reveal kit for {@code market} on {@code chainId} whose labels and salt open its own
     * commitment; throws {@link IllegalArgumentException} naming what is wrong.
     */
    public void check(long expectedChainId, String expectedMarket) {
        Kits.checkKind(KIND, kind, "reveal kit");
        Kits.checkMarket(chainId, market, expectedChainId, expectedMarket);
        if (!Commitments.groundTruth(id(), labelBytes(), saltBytes()).toHex().equalsIgnoreCase(groundTruthCommitment)) {
            throw new IllegalArgumentException("the kit's labels and salt do not open its own groundTruthCommitment");
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
}
