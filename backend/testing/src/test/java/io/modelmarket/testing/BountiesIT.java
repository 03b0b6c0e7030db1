package io.modelmarket.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.seal.TestInputsSeal;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture plays a whole bounty: the honest best claim wins, a lying claim is burned, the sealed file opens; a regression
 * bounty's claim; a dispute of the test inputs ruled against the disputer; a proposal that stands through Challenging.
 */
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

    @Test
    void playsARegressionBountyScoredByMeanAbsoluteError(@TempDir Path work) throws Exception {
        Bounties bounties = new Bounties(chain, new LocalContentStore(work.resolve("ipfs")), work);
        Path csv = work.resolve("data.csv");
        Bounties.writeRegressionDataset(csv, 400, 7);
        Bounties.Bounty bounty = bounties.createRegression(csv, "y", 2, 250);
        assertThat(bounty.testSize()).isEqualTo(100);
        assertThat(bounty.maxScore()).isEqualTo(25_000);
        Bounties.Entry entry = bounties.commitModel(bounty, HardhatAccounts.account(3), Files.writeString(work.resolve("m.onnx"), "a model"));
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        int[] predictions = FixedPoint.decode(bounty.labels());
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] += i % 2 == 0 ? 100 : -400; // 1.00 too high (scores 150 of 250), or 4.00 too low (scores 0)
        }
        bounties.commitPredictions(bounty, entry, FixedPoint.encode(predictions));
        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        bounties.claimScore(bounty, entry);

        assertThat(Bounties.score(bounty, entry)).isEqualTo(50 * 150);
        BountyMarket market = chain.marketAs(HardhatAccounts.account(0));
        assertThat(market.getSubmission(bounty.idBytes(), entry.address()).send().claimed).isEqualTo(BigInteger.valueOf(50 * 150));
        assertThat(market.getBounty(bounty.idBytes()).send().maxError).isEqualTo(BigInteger.valueOf(250));
    }

    @Test
    void aDisputeOfTheTestInputsThatTheArbitratorRejectsGivesTheDepositToTheRequesterAndPredictingGoesOn(@TempDir Path work) throws Exception {
        Bounties bounties = new Bounties(chain, new LocalContentStore(work.resolve("ipfs")), work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 8);
        Bounties.Bounty bounty = bounties.create(csv);
        bounties.commitModel(bounty, HardhatAccounts.account(3), Files.writeString(work.resolve("m.onnx"), "a model"));
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        BountyMarket market = chain.marketAs(HardhatAccounts.account(0));
        BigInteger requesterCredits = market.credits(bounty.requester().getAddress()).send();

        BigInteger disputeId = bounties.disputeTestInputs(bounty, HardhatAccounts.account(4),
                bounties.publishEvidence("Sealed test inputs", "they do not open"));
        assertThat(MarketEnums.phase(market.phaseOf(bounty.idBytes()).send().intValue())).isEqualTo("Disputed");
        bounties.rule(disputeId, 2); // they open

        assertThat(MarketEnums.phase(market.phaseOf(bounty.idBytes()).send().intValue())).isEqualTo("Predicting");
        assertThat(market.credits(bounty.requester().getAddress()).send()).isEqualTo(requesterCredits.add(Bounties.STAKE));
    }

    @Test
    void aProposalAmongSeveralCandidatesWinsWhenChallengingEndsUndisputed(@TempDir Path work) throws Exception {
        Bounties bounties = new Bounties(chain, new LocalContentStore(work.resolve("ipfs")), work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 6);
        Bounties.Bounty bounty = bounties.create(csv);
        Bounties.Entry best = bounties.commitModel(bounty, HardhatAccounts.account(3), Files.writeString(work.resolve("a.onnx"), "model a"));
        Bounties.Entry next = bounties.commitModel(bounty, HardhatAccounts.account(4), Files.writeString(work.resolve("b.onnx"), "model b"));
        bounties.playToVerifying(bounty, List.of(best, next), List.of(withErrors(bounty.labels(), 10), withErrors(bounty.labels(), 20)));
        bounties.attestVerification(bounty, List.of(best), true); // proposes the next best

        BountyMarket market = chain.marketAs(HardhatAccounts.account(0));
        assertThat(MarketEnums.phase(market.phaseOf(bounty.idBytes()).send().intValue())).isEqualTo("Challenging");
        assertThat(market.getBounty(bounty.idBytes()).send().winner).isEqualToIgnoringCase(next.address());
        bounties.endChallenging(bounty);
        bounties.settle(bounty, best);

        assertThat(MarketEnums.phase(market.getBounty(bounty.idBytes()).send().phase.intValue())).isEqualTo("Completed");
        assertThat(market.credits(next.address()).send()).isEqualTo(Bounties.REWARD.add(Bounties.STAKE));
        assertThat(MarketEnums.submissionStatus(market.getSubmission(bounty.idBytes(), best.address()).send().status.intValue()))
                .as("rejected and ranking before the winner: burned when settled").isEqualTo("Slashed");
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
