package io.modelmarket.cli;

import static io.modelmarket.cli.ChainCli.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.verify.TestModels;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verifier wrongly rejects the honest best model and proposes a weaker candidate whose model is not one (the
 * attack C4's shape); the honest trainer disputes with {@code dispute}, paying the arbitration fee and a deposit
 * printed first; the arbitrator's owner runs {@code rule}, which re-runs both models, shows that only the honest one
 * reproduces, and rules for it. The honest trainer is paid the reward, its stake, its deposit back and the requester's
 * verifier bond, and its fee back from the requester's fee bond; the weaker candidate, ranking after the winner, gets
 * its stake back; the requester gets nothing back; every amount exact to the wei; the audit holds. And sealed test inputs
 * that are not to be had are disputed during Predicting; {@code rule} tries to open them, says ruling 1, and the bounty
 * ends as if the requester had never released the key.
 */
@ExtendWith(LocalChainExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliDisputeIT {
    private static final Credentials HONEST = HardhatAccounts.account(6);
    private static final Credentials WEAKER = HardhatAccounts.account(7);

    @TempDir
    static Path work;

    private static LocalChain chain;

    @Test
    @Order(1) // raises dispute 0
    void aWrongRejectionIsDisputedAndTheRulingPaysTheHonestWinner() throws Exception {
        Path storeFolder = work.resolve(".run/ipfs"); // the CLI's default store in its working folder
        Bounties bounties = new Bounties(chain, new LocalContentStore(storeFolder), work);
        ChainCli cli = new ChainCli(work, chain);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 9);
        Bounties.Bounty bounty = bounties.create(csv);
        Path model = Files.write(work.resolve("honest.onnx"), TestModels.pickLargestOfThree());
        Bounties.Entry honest = bounties.commitModel(bounty, HONEST, model);
        Bounties.Entry weaker = bounties.commitModel(bounty, WEAKER, Files.write(work.resolve("weaker.onnx"), new byte[] {0}));
        bounties.playToVerifying(bounty, List.of(honest, weaker), List.of(ChainCli.predictions(model, bounty.testInputs()), withErrors(bounty.labels(), 30)));
        assertThat(Bounties.score(bounty, honest)).isGreaterThan(Bounties.score(bounty, weaker));
        bounties.attestVerification(bounty, List.of(honest), true); // wrong: the honest model reproduces
        String id = bounty.id().toHex();
        BountyMarket market = chain.marketAs(HardhatAccounts.account(0));
        BigInteger fee = market.arbitrationCost().send();

        CliProcess.Result challenging = cli.ok(HONEST, "bounty", "show", id);
        assertThat(challenging.out()).contains("phase       Challenging", "proposal    " + weaker.address() + " (final when Challenging ends unless disputed");

        chain.fund(HONEST.getAddress(), Bounties.STAKE);
        BigInteger walletBefore = chain.coinAs(HONEST).balanceOf(HONEST.getAddress()).send();
        Path report = Files.writeString(work.resolve("rerun.txt"), "my model reproduces all its revealed predictions");
        CliProcess.Result disputed = cli.ok(HONEST, "dispute", id, "--evidence", report.toString(), "--description", "the model reproduces");
        assertThat(disputed.out()).containsSubsequence("proposal: " + weaker.address() + " wins",
                "dispute of the Verification of bounty " + id + ": arbitration fee 0.1 ether (to the arbitrator), deposit 10 MDC",
                "approve deposit 10 MDC", "disputeVerification", "evidence /ipfs/", "dispute 0 raised; bounty " + id + " is now Disputed");
        assertFails(cli.run(WEAKER, "dispute", id), "error: bounty " + id + " is Disputed; this needs Challenging");

        assertFails(cli.run(HONEST, "rule", "0", "1"), "error: only the arbitrator's owner " + LocalChain.ARBITRATOR_OWNER.getAddress());
        CliProcess.Result ruled = cli.ok(LocalChain.ARBITRATOR_OWNER, "rule", "0", "1");
        assertThat(ruled.out()).containsSubsequence("dispute 0: Verification of bounty " + id, "proposal: " + weaker.address() + " wins",
                "choice 1: " + honest.address(), ": reproduces", "choice 2: " + weaker.address(), ": does not reproduce",
                "choice 3: no winner", "the re-runs point to ruling 1", "rule 0 1", "is now Completed, won by " + honest.address());
        assertFails(cli.run(LocalChain.ARBITRATOR_OWNER, "rule", "0", "1"), "error: dispute 0 is ruled already");

        CliProcess.Result shown = cli.ok(HONEST, "bounty", "show", id);
        assertThat(shown.out()).contains("phase       Completed", "winner      " + honest.address(), "proposal    " + weaker.address(),
                "dispute     0 (Verification) by " + honest.address() + ", fee 0.1 ether, deposit 10 MDC", "ruled 1: the decision is overturned",
                "evidence    1 item(s):");
        cli.ok(HardhatAccounts.account(9), "advance", id); // settles the weaker candidate, ranking after the winner: refunded

        // To the wei: the reward, the stake, the deposit back and the verifier bond; the fee back from the fee bond.
        assertThat(market.credits(honest.address()).send()).isEqualTo(Bounties.REWARD.add(Bounties.STAKE.multiply(BigInteger.valueOf(3))));
        assertThat(market.feeCredits(honest.address()).send()).isEqualTo(fee);
        assertThat(market.credits(weaker.address()).send()).isEqualTo(Bounties.STAKE);
        assertThat(market.credits(Bounties.REQUESTER.getAddress()).send()).isZero();
        assertThat(market.feeCredits(Bounties.REQUESTER.getAddress()).send()).isZero();
        cli.ok(HONEST, "withdraw");
        assertThat(chain.coinAs(HONEST).balanceOf(HONEST.getAddress()).send())
                .isEqualTo(walletBefore.add(Bounties.REWARD).add(Bounties.STAKE.multiply(BigInteger.TWO)));
        assertThat(market.feeCredits(honest.address()).send()).isZero();
        assertThat(chain.etherBalance(chain.marketAddress)).as("the market holds no ether once the fee credits are withdrawn").isZero();
        assertThat(MarketEnums.submissionStatus(market.getSubmission(bounty.idBytes(), weaker.address()).send().status.intValue())).isEqualTo("Settled");

        CliProcess.Result audit = cli.ok(HONEST, "audit", id);
        assertThat(audit.out()).contains("PASS  disputes.rulings: every ruling was applied: Verification dispute 0 ruled 1, overturning the decision",
                "PASS  payouts.credits", "PASS  model.reproduces[" + honest.address() + "]", "verdict: every check holds");
    }


    @Test
    @Order(2)
    void sealedTestInputsThatDoNotOpenAreDisputedAndTheRequesterIsTreatedAsNeverHavingReleasedTheKey() throws Exception {
        Path storeFolder = work.resolve(".run/ipfs");
        Bounties bounties = new Bounties(chain, new LocalContentStore(storeFolder), work);
        ChainCli cli = new ChainCli(work, chain);
        Path csv = work.resolve("sealed.csv");
        Bounties.writeDataset(csv, 400, 11);
        Bounties.Bounty bounty = bounties.create(csv);
        Path model = Files.write(work.resolve("model.onnx"), TestModels.pickLargestOfThree());
        bounties.commitModel(bounty, HONEST, model);
        bounties.commitModel(bounty, WEAKER, model);
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        // The requester's sealed file is gone from the store it named: no trainer can open it to predict.
        Files.delete(storeFolder.resolve("blocks").resolve(bounty.sealedTestInputsCid().toString()));
        String id = bounty.id().toHex();

        chain.fund(HONEST.getAddress(), Bounties.STAKE);
        CliProcess.Result disputed = cli.ok(HONEST, "dispute", id, "--test-inputs", "--description", "the sealed test inputs are not to be had");
        assertThat(disputed.out()).containsSubsequence("dispute of the TestInputs of bounty " + id + ": arbitration fee 0.1 ether (to the arbitrator), "
                + "deposit 10 MDC", "disputeTestInputs", "raised; bounty " + id + " is now Disputed");
        Matcher raised = Pattern.compile("dispute (\\d+) raised").matcher(disputed.out());
        assertThat(raised.find()).isTrue();
        String disputeId = raised.group(1);

        CliProcess.Result ruled = cli.ok(LocalChain.ARBITRATOR_OWNER, "rule", disputeId, "1");
        assertThat(ruled.out()).containsSubsequence("dispute " + disputeId + ": TestInputs of bounty " + id,
                "the sealed test inputs do not open as the metadata describes", "ruling 1", "is now RequesterSlashed");
        // The audit names the requester's fault (the file is not to be had) and finds the ruling applied and the money whole.
        CliProcess.Result audit = cli.run(HONEST, "audit", id);
        assertThat(audit.exit()).isNotZero();
        assertThat(audit.out()).contains("FAIL  data.files: sealed test inputs " + bounty.sealedTestInputsCid() + ": the content store has no",
                "PASS  disputes.rulings: every ruling was applied: TestInputs dispute " + disputeId + " ruled 1, overturning the decision",
                "PASS  payouts.credits", "PASS  money.invariant");
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
