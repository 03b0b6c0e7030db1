package io.modelmarket.server.bounty;

/**
 * What a trainer must keep to claim and reveal later: its predictions, the model's CID and both salts. The
 * server hands it out once and keeps no copy.
 */
public record TrainerKit(
        String kind, long chainId, String market, String bountyId, String trainer, String predictions, String predictionsSalt,
        String modelCid, String modelSalt, String predictionsCommitment, String modelCommitment) {
    public static final String KIND = "modelmarket/trainer-kit/1";
}
