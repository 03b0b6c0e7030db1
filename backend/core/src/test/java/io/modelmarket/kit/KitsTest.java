package io.modelmarket.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.protocol.Bytes32;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KitsTest {
    private static final String MARKET = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String TRAINER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    private static final Bytes32 BOUNTY = Bytes32.fromHex("0x" + "ab".repeat(32));

    @TempDir
    Path folder;

    private static RevealKit revealKit() {
        return RevealKit.create(31337, MARKET, BOUNTY, TRAINER, new byte[] {0, 1, 2}, Bytes32.randomSalt(), Bytes32.randomSalt(), 3,
                new RevealKit.Files("bafkreitraining", "bafkreisealed", "bafkreimetadata"));
    }

    @Test
    void aKitFileIsTheOwnersOnlyReadsBackAndIsNeverOverwritten() throws IOException {
        RevealKit kit = revealKit();
        Path file = folder.resolve("reveal-kit.json");
        Kits.write(file, kit);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Kits.read(file, RevealKit.class)).isEqualTo(kit);
        assertThatThrownBy(() -> Kits.write(file, kit)).hasMessageContaining("exists already; a kit is never overwritten");
    }

    @Test
    void aFileThatIsNoKitIsNamed() throws IOException {
        Path file = Files.writeString(folder.resolve("notes.json"), "{\"hello\": 1}");
        assertThatThrownBy(() -> Kits.read(file, RevealKit.class)).hasMessageStartingWith(file + " is not a RevealKit");
        assertThatThrownBy(() -> Kits.read(folder.resolve("missing.json"), RevealKit.class)).hasMessageStartingWith("no kit file at");
    }

    @Test
    void aRevealKitMustBeForThisMarketAndOpenItsLabelAndKeyCommitments() {
        RevealKit kit = revealKit();
        kit.check(31337, MARKET.toUpperCase().replace("0X", "0x"));
        assertThatThrownBy(() -> kit.check(1, MARKET)).hasMessageContaining("the kit is for market " + MARKET + " on chain 31337");
        RevealKit otherKey = new RevealKit(kit.kind(), kit.chainId(), kit.market(), kit.bountyId(), kit.requester(), kit.labels(), kit.salt(),
                Bytes32.randomSalt().toHex(), kit.groundTruthCommitment(), kit.sealingKeyCommitment(), kit.testSize(), kit.numClasses(),
                kit.trainingCid(), kit.sealedTestInputsCid(), kit.metadataCid());
        assertThatThrownBy(() -> otherKey.check(31337, MARKET)).hasMessageContaining("sealingKey does not open its own sealingKeyCommitment");
        RevealKit otherLabels = new RevealKit(kit.kind(), kit.chainId(), kit.market(), kit.bountyId(), kit.requester(), "0x000101", kit.salt(),
                kit.sealingKey(), kit.groundTruthCommitment(), kit.sealingKeyCommitment(), kit.testSize(), kit.numClasses(), kit.trainingCid(),
                kit.sealedTestInputsCid(), kit.metadataCid());
        assertThatThrownBy(() -> otherLabels.check(31337, MARKET)).hasMessageContaining("labels and salt do not open its own groundTruthCommitment");
        for (String otherKind : new String[] {"modelmarket/reveal-kit/1", TrainerKit.KIND}) { // v1's kit, a trainer's kit
            RevealKit other = new RevealKit(otherKind, kit.chainId(), kit.market(), kit.bountyId(), kit.requester(), kit.labels(), kit.salt(),
                    kit.sealingKey(), kit.groundTruthCommitment(), kit.sealingKeyCommitment(), kit.testSize(), kit.numClasses(), kit.trainingCid(),
                    kit.sealedTestInputsCid(), kit.metadataCid());
            assertThatThrownBy(() -> other.check(31337, MARKET))
                    .hasMessageContaining("not a reveal kit (kind must be 'modelmarket/reveal-kit/2', is '" + otherKind + "')");
        }
    }

    @Test
    void aRegressionKitScoresItsFixedPointPredictionsByMeanAbsoluteError() {
        TrainerKit kit = TrainerKit.create(31337, MARKET, BOUNTY, TRAINER, "bafkreiexample")
                .withPredictions(io.modelmarket.protocol.FixedPoint.encode(new int[] {-1234, 500}));
        byte[] labels = io.modelmarket.protocol.FixedPoint.encode(new int[] {-1230, 600});
        assertThat(kit.scoreAgainst(labels, io.modelmarket.protocol.Scoring.Metric.MEAN_ABSOLUTE_ERROR, 10)).isEqualTo(6);
    }

    @Test
    void aTrainerKitGrowsStageByStageAndReadsBack() throws IOException {
        TrainerKit committed = TrainerKit.create(31337, MARKET, BOUNTY, TRAINER, "bafkreiexample");
        committed.check(31337, MARKET);
        assertThat(committed.predictions()).isNull();
        assertThatThrownBy(committed::requirePredictions).hasMessageContaining("run 'modelmarket predict");
        TrainerKit predicted = committed.withPredictions(new byte[] {1, 1, 0});
        assertThat(predicted.predictionsCommitment()).isNull();
        assertThatThrownBy(predicted::requirePredictionsCommitment).hasMessageContaining("run 'modelmarket commit-predictions");
        TrainerKit complete = predicted.withPredictionsCommitment();
        complete.check(31337, MARKET);
        assertThat(complete.withPredictionsCommitment()).as("a retry keeps the commitment").isEqualTo(complete);
        assertThat(complete.scoreAgainst(new byte[] {1, 0, 0})).isEqualTo(2);

        Path file = folder.resolve("trainer-kit.json");
        Kits.write(file, committed);
        Kits.replace(file, complete);
        assertThat(Kits.read(file, TrainerKit.class)).isEqualTo(complete);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(folder)) {
            assertThat(left).containsExactly(file);
        }

        TrainerKit otherPredictions = new TrainerKit(complete.kind(), complete.chainId(), complete.market(), complete.bountyId(),
                complete.trainer(), complete.modelCid(), complete.modelSalt(), complete.modelCommitment(), "0x000000", complete.predictionsSalt(),
                complete.predictionsCommitment());
        assertThatThrownBy(() -> otherPredictions.check(31337, MARKET)).hasMessageContaining("predictions and predictionsSalt do not open");
        TrainerKit otherModel = new TrainerKit(complete.kind(), complete.chainId(), complete.market(), complete.bountyId(), complete.trainer(),
                "bafkreiother", complete.modelSalt(), complete.modelCommitment(), null, null, null);
        assertThatThrownBy(() -> otherModel.check(31337, MARKET)).hasMessageContaining("modelCid and modelSalt do not open its modelCommitment");
    }
}
