package io.modelmarket.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.seal.TestInputsSeal;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The fixture plays a whole bounty: the honest best claim wins, a lying claim is burned, the sealed file opens. */
@ExtendWith(LocalChainExtension.class)
class BountiesIT {
    private static LocalChain chain;

    @Test
    void playsABountyToItsWinner(@TempDir Path work) throws Exception {
        LocalContentStore store = new LocalContentStore(work.resolve("ipfs"));
        Bounties bounties = new Bounties(chain, store, work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 7);
        Path goodModel = Files.writeString(work.resolve("good.onnx"), "not really a model, good");
        Path liarModel = Files.writeString(work.resolve("liar.onnx"), "not really a model, liar");

        Bounties.Bounty bounty = bounties.create(csv);
        assertThat(bounty.testSize()).isEqualTo(100);
        Bounties.Entry good = bounties.commitModel(bounty, HardhatAccounts.account(3), goodModel);
        Bounties.Entry liar = bounties.commitModel(bounty, HardhatAccounts.account(4), liarModel);
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);

        Path opened = work.resolve("opened.csv");
        Path sealed = work.resolve("sealed");
        try (InputStream in = store.cat(bounty.sealedTestInputsCid())) {
            Files.copy(in, sealed);
        }
        TestInputsSeal.unseal(bounty.id(), bounty.key(), sealed, opened);
        assertThat(Files.readAllBytes(opened)).isEqualTo(Files.readAllBytes(bounty.testInputs()));

        bounties.commitPredictions(bounty, good, withErrors(bounty.labels(), 10));
        bounties.commitPredictions(bounty, liar, withErrors(bounty.labels(), 40));
        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        bounties.claimScore(bounty, good);
        bounties.claimScore(bounty, liar, 95);
        bounties.passWindow();
        bounties.revealSubmission(bounty, good);
        bounties.revealSubmission(bounty, liar);
        bounties.passWindow();
        bounties.attestVerification(bounty, List.of(), true);

        BountyMarket market = chain.marketAs(HardhatAccounts.account(0));
        BountyMarket.Bounty stored = market.getBounty(bounty.idBytes()).send();
        assertThat(MarketEnums.phase(stored.phase.intValue())).isEqualTo("Completed");
        assertThat(stored.winner).isEqualToIgnoringCase(good.address());
        assertThat(market.credits(good.address()).send()).isEqualTo(Bounties.REWARD.add(Bounties.STAKE));
        assertThat(MarketEnums.submissionStatus(market.getSubmission(bounty.idBytes(), liar.address()).send().status.intValue()))
                .isEqualTo("Slashed");
    }

    /** The labels with the first {@code errors} items moved to the next class. */
    private static byte[] withErrors(byte[] labels, int errors) {
        byte[] predictions = labels.clone();
        for (int i = 0; i < errors; i++) {
            predictions[i] = (byte) ((predictions[i] + 1) % 3);
        }
        return predictions;
    }
}
