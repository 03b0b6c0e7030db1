package io.modelmarket.server.bounty;

/**
 * What a requester must keep to reveal the ground truth later: without it the labels cannot be revealed
 * and the requester is slashed. The server hands it out once and keeps no copy.
 *
 * @param labels the test labels, one class index per byte, as {@code 0x}-hex
 * @param salt the commitment's salt, {@code 0x}-hex
 */
public record RevealKit(
        String kind, long chainId, String market, String bountyId, String requester, String labels, String salt,
        String groundTruthCommitment, int testSize, int numClasses) {
    public static final String KIND = "modelmarket/reveal-kit/1";
}
