package io.modelmarket.kit;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.protocol.Scoring;

/**
 * What a trainer of a bounty must keep (docs/protocol.md, "Kits"). It grows with the bounty: the
 * model's CID and salt when the model is committed; the predictions of that model once the key is released; their
 * salt and commitment when they are committed. Every later step (claim, reveal) reads it.
 *
 * @param predictions one class index per byte, {@code 0x}-hex, or {@code null} before 'predict'
 * @param predictionsSalt and {@code predictionsCommitment}: {@code null} before 'commit-predictions'
 */
public record TrainerKit(
        String kind, long chainId, String market, String bountyId, String trainer, String modelCid, String modelSalt,
        String modelCommitment, String predictions, String predictionsSalt, String predictionsCommitment) {
    public static final String KIND = "modelmarket/trainer-kit/2";

    /** A kit for the model stored under {@code modelCid}, with a fresh salt. */
    public static TrainerKit create(long chainId, String market, Bytes32 bountyId, String trainer, String modelCid) {
        Bytes32 modelSalt = Bytes32.randomSalt();
        return new TrainerKit(KIND, chainId, market.toLowerCase(), bountyId.toHex(), trainer.toLowerCase(), modelCid, modelSalt.toHex(),
                Commitments.model(bountyId, EthAddress.fromHex(trainer), modelCid, modelSalt).toHex(), null, null, null);
    }

    /** This kit with {@code predictions} (not committed yet: no salt, no commitment). */
    public TrainerKit withPredictions(byte[] predictionBytes) {
        return new TrainerKit(kind, chainId, market, bountyId, trainer, modelCid, modelSalt, modelCommitment, Hex.encode(predictionBytes),
                null, null);
    }

    /** This kit with a fresh salt for its predictions and their commitment; a kit that has them already stays as it is. */
    public TrainerKit withPredictionsCommitment() {
        if (predictionsCommitment != null) {
            return this; // a retried commit must send the commitment the kit already holds
        }
        Bytes32 salt = Bytes32.randomSalt();
        return new TrainerKit(kind, chainId, market, bountyId, trainer, modelCid, modelSalt, modelCommitment, predictions, salt.toHex(),
                Commitments.predictions(id(), EthAddress.fromHex(trainer), requirePredictions(), salt).toHex());
    }

    /**
     * Checks that this is a trainer kit for {@code market} on {@code chainId} whose model CID and salt (and
     * predictions and salt, once committed) open its own commitments; throws {@link IllegalArgumentException} naming
     * what is wrong.
     */
    public void check(long expectedChainId, String expectedMarket) {
        Kits.checkKind(KIND, kind, "trainer kit");
        Kits.checkMarket(chainId, market, expectedChainId, expectedMarket);
        EthAddress trainerAddress = EthAddress.fromHex(trainer);
        if (!Commitments.model(id(), trainerAddress, modelCid, Bytes32.fromHex(modelSalt)).toHex().equalsIgnoreCase(modelCommitment)) {
            throw new IllegalArgumentException("the kit's modelCid and modelSalt do not open its modelCommitment");
        }
        if (predictionsCommitment != null && !Commitments.predictions(id(), trainerAddress, requirePredictions(),
                Bytes32.fromHex(predictionsSalt)).toHex().equalsIgnoreCase(predictionsCommitment)) {
            throw new IllegalArgumentException("the kit's predictions and predictionsSalt do not open its predictionsCommitment");
        }
    }

    public Bytes32 id() {
        return Bytes32.fromHex(bountyId);
    }

    /** The predictions, or an error saying which step makes them. */
    public byte[] requirePredictions() {
        if (predictions == null) {
            throw new IllegalStateException("the kit has no predictions yet: run 'modelmarket predict --kit …' after the key release");
        }
        return Hex.decode(predictions, "predictions");
    }

    /** The score of this kit's predictions against the revealed {@code labels} (Accuracy: the count of matches), the claim to make. */
    public int scoreAgainst(byte[] labels) {
        return Commitments.countMatches(requirePredictions(), labels);
    }

    /**
     * The score of this kit's predictions against the revealed {@code labels} under the bounty's {@code metric} ({@code maxError}
     * read by mean absolute error only), as the contract computes it: the claim to make.
     */
    public long scoreAgainst(byte[] labels, Scoring.Metric metric, long maxError) {
        return Scoring.score(metric, maxError, requirePredictions(), labels);
    }

    /** The predictions commitment, or an error saying which step makes it. */
    public String requirePredictionsCommitment() {
        if (predictionsCommitment == null) {
            throw new IllegalStateException("the kit's predictions are not committed yet: run 'modelmarket commit-predictions --kit …'");
        }
        return predictionsCommitment;
    }
}
