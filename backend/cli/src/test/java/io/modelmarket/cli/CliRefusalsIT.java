package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.modelmarket.cli.ChainCli.assertFails;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.verify.BrokenModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * What the CLI says when the chain would refuse a step, on a bounty played on a Hardhat node: the requester and a
 * contender play in Java ({@link Bounties}), a weak trainer with the CLI, one process per command. A refused step
 * writes no kit and publishes nothing; a step taken twice says so and what comes next; a step out of turn says when
 * its phase starts.
 */
@ExtendWith(LocalChainExtension.class)
class CliRefusalsIT {
    private static final Credentials CONTENDER = HardhatAccounts.account(3);
    private static final Credentials TRAINER = HardhatAccounts.account(4);
    private static final String MODEL = "constant.onnx";

    @TempDir
    static Path work;

    private static LocalChain chain;
    private static ChainCli cli;
    private static LocalContentStore store;
    private static Bounties.Bounty bounty;
    private static String modelCid;
    /** What the steps printed that the tests look at, by step. */
    private static final Map<String, CliProcess.Result> steps = new HashMap<>();

    @BeforeAll
    static void playABounty() throws Exception {
        cli = new ChainCli(work, chain);
        store = new LocalContentStore(work.resolve(".run/ipfs")); // the CLI's default store in its working folder
        Bounties bounties = new Bounties(chain, store, work);
        Bounties.writeDataset(work.resolve("data.csv"), 480, 7);
        bounty = bounties.create(work.resolve("data.csv"));
        // Class 0 for every row: about a third right, below the min score (half the test rows).
        byte[] model = BrokenModels.constantClass(Bounties.FEATURES.size(), Bounties.FEATURES.size(), 0);
        Files.write(work.resolve(MODEL), model);
        modelCid = UnixFsImporter.cidOf(model).toString();
        chain.fund(TRAINER.getAddress(), Bounties.STAKE);
        chain.fund(bounty.requester().getAddress(), Bounties.STAKE.add(LocalChain.MDC));

        steps.put("the requester commits", cli(bounty.requester(), "commit", bounty.id().toHex(), "--model", MODEL, "--kit", "requester-kit.json"));
        steps.put("a bounty without verifier", cli(bounty.requester(), "bounty", "create", "--data", "data.csv", "--title", "No verifier",
                "--reward", "1", "--test-fraction", "0.25", "--model-deadline", "1h", "--window", "1h", "--min-score", "50%", "--verifier",
                "0x" + "00".repeat(20),
                "--kit", "refused-reveal-kit.json"));
        ok(TRAINER, "commit", bounty.id().toHex(), "--model", MODEL, "--kit", "trainer-kit.json");
        steps.put("claim while Open", cli(TRAINER, "claim", "--kit", "trainer-kit.json"));
        Bounties.Entry contender = bounties.commitModel(bounty, CONTENDER, work.resolve(MODEL));

        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        ok(TRAINER, "predict", "--kit", "trainer-kit.json", "--model", MODEL);
        ok(TRAINER, "commit-predictions", "--kit", "trainer-kit.json");
        steps.put("commit-predictions again", cli(TRAINER, "commit-predictions", "--kit", "trainer-kit.json"));
        bounties.commitPredictions(bounty, contender, bounty.labels());

        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        steps.put("claim", ok(TRAINER, "claim", "--kit", "trainer-kit.json"));
        steps.put("claim again", cli(TRAINER, "claim", "--kit", "trainer-kit.json"));
        bounties.claimScore(bounty, contender);

        bounties.passWindow();
        steps.put("reveal below the min score", cli(TRAINER, "reveal", "--kit", "trainer-kit.json", "--model", MODEL));
    }

    @Test
    void aCommitTheChainRefusesLeavesNoKitBehind() {
        assertFails(steps.get("the requester commits"), "error: commitModel would be refused: the requester cannot enter its own bounty: commit"
                + " with a trainer's key (RequesterCannotSubmit(bountyId=" + bounty.id().toHex() + ")); nothing was sent");
        assertThat(work.resolve("requester-kit.json")).doesNotExist();
    }

    @Test
    void aBountyTheChainRefusesLeavesNoKitBehind() {
        assertFails(steps.get("a bounty without verifier"), "error: createBounty would be refused: 0x" + "00".repeat(20) + " cannot be the verifier");
        assertThat(work.resolve("refused-reveal-kit.json")).doesNotExist();
    }

    @Test
    void aStepOutOfTurnSaysWhenItsPhaseStarts() {
        assertFails(steps.get("claim while Open"), "error: bounty " + bounty.id().toHex() + " is Open; this needs Claiming (scores are claimed"
                + " within one window of the labels' reveal); Open ends at " + ChainTime.at(bounty.modelDeadline()) + " (in ");
    }

    @Test
    void predictionsCommittedTwiceSayWhatComesNext() {
        assertFails(steps.get("commit-predictions again"), "error: predictions already committed; next: 'claim' once the requester has revealed"
                + " the labels; Predicting ends at ");
    }

    @Test
    void aSecondClaimSaysItIsClaimedAndWhatComesNext() {
        String claimed = steps.get("claim").out().lines().filter(line -> line.startsWith("claimed ")).findFirst().orElseThrow();
        int score = Integer.parseInt(claimed.split(" ")[1]);
        assertThat(score).isLessThan(bounty.minScore());
        assertFails(steps.get("claim again"), "error: already claimed " + score + " of " + bounty.testSize() + "; below the min score "
                + bounty.minScore() + ": nothing to reveal, the stake comes back when the bounty ends");
    }

    @Test
    void aRefusedRevealPublishesNothing() {
        assertFails(steps.get("reveal below the min score"), "error: revealSubmission would be refused: the claim ");
        assertThat(steps.get("reveal below the min score").err()).contains("is below the bounty's min score " + bounty.minScore()
                + ": not a contender, nothing to reveal").contains("nothing was sent").doesNotContain("upload model");
        assertThatThrownBy(() -> store.cat(Cid.parse(modelCid)).close()).isInstanceOf(ContentNotFoundException.class);
    }

    private static CliProcess.Result cli(Credentials account, String... args) throws Exception {
        return cli.run(account, args);
    }

    private static CliProcess.Result ok(Credentials account, String... args) throws Exception {
        return cli.ok(account, args);
    }
}
