package io.modelmarket.kit;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;

/**
 * What a trainer must keep to claim and reveal later: its predictions, the model's CID and both salts. The
 * web flow hands it out once; the CLI writes it to a file.
 */
public record TrainerKit(
        String kind, long chainId, String market, String bountyId, String trainer, String predictions, String predictionsSalt,
        String modelCid, String modelSalt, String predictionsCommitment, String modelCommitment) {
    public static final String KIND = "modelmarket/trainer-kit/1";

    /** A kit with fresh salts for {@code predictions} and {@code modelCid}. */
    public static TrainerKit create(long chainId, String market, Bytes32 bountyId, String trainer, byte[] predictions, String modelCid) {
        EthAddress trainerAddress = EthAddress.fromHex(trainer);
        Bytes32 predictionsSalt = Bytes32.randomSalt();
        Bytes32 modelSalt = Bytes32.randomSalt();
        return new TrainerKit(KIND, chainId, market.toLowerCase(), bountyId.toHex(), trainer.toLowerCase(), Hex.encode(predictions),
                predictionsSalt.toHex(), modelCid, modelSalt.toHex(),
                Commitments.predictions(bountyId, trainerAddress, predictions, predictionsSalt).toHex(),
                Commitments.model(bountyId, trainerAddress, modelCid, modelSalt).toHex());
    }

    /**
     * Checks that this is a trainer kit for {@code market} on {@code chainId} whose predictions, model CID and
     * salts open its own commitments; throws {@link IllegalArgumentException} naming what is wrong.
     */
    public void check(long expectedChainId, String expectedMarket) {
        Kits.checkKind(KIND, kind, "trainer kit");
        Kits.checkMarket(chainId, market, expectedChainId, expectedMarket);
        EthAddress trainerAddress = EthAddress.fromHex(trainer);
        if (!Commitments.predictions(id(), trainerAddress, predictionBytes(), Bytes32.fromHex(predictionsSalt)).toHex()
                .equalsIgnoreCase(predictionsCommitment)) {
            throw new IllegalArgumentException("the kit's predictions and predictionsSalt do not open its predictionsCommitment");
        }
        if (!Commitments.model(id(), trainerAddress, modelCid, Bytes32.fromHex(modelSalt)).toHex().equalsIgnoreCase(modelCommitment)) {
            throw new IllegalArgumentException("the kit's modelCid and modelSalt do not open its modelCommitment");
        }
    }

    public Bytes32 id() {
        return Bytes32.fromHex(bountyId);
    }

    public byte[] predictionBytes() {
        return Hex.decode(predictions, "predictions");
    }

    /** How many of this kit's predictions equal the revealed {@code labels}: the count to claim. */
    public int correctAgainst(byte[] labels) {
        return Commitments.countMatches(predictionBytes(), labels);
    }
}
