package io.modelmarket.cli;

import static io.modelmarket.cli.ChainCli.assertFails;
import static io.modelmarket.cli.ChainCli.with;
import static io.modelmarket.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The CLI plays a whole regression bounty, one process per command as a user would run them: 600 rows of
 * {@code y = 3 x1 − 2 x2} plus noise, with 2 decimals, scored by mean absolute error with a maximum error of 2.50. A good
 * trainer (the baseline, a linear regression) and a weak one (the baseline after one tiny step: about the mean) play
 * honestly; a liar commits the weak model's predictions from the file {@code predict --out} wrote and claims the best
 * score. The liar, as the best claim, reveals and is slashed by the contract's rescoring; the good trainer reveals, its
 * re-run reproduces within one unit, and it wins; the weak one, silent below it, gets its stake back. Every balance is
 * checked to the wei and the audit holds.
 */
@ExtendWith(LocalChainExtension.class)
class CliRegressionIT {
    private static final Credentials REQUESTER = HardhatAccounts.account(1);
    private static final Credentials GOOD_TRAINER = HardhatAccounts.account(2);
    private static final Credentials WEAK_TRAINER = HardhatAccounts.account(3);
    private static final Credentials VERIFIER = HardhatAccounts.account(4);
    private static final Credentials LIAR = HardhatAccounts.account(5);
    private static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";
    private static final BigInteger REWARD = MDC.multiply(BigInteger.valueOf(100));
    private static final BigInteger STAKE = MDC.multiply(BigInteger.TEN).add(BigInteger.ONE);
    private static final BigInteger FUNDS = MDC.multiply(BigInteger.valueOf(100));
    /** More than a window: the model deadline is the window plus the CLI's minute for mining. */
    private static final long PAST_THE_MODEL_DEADLINE = 3600 + 120;
    private static final long A_WINDOW = 3601;
    /** 150 test rows of at most 250 units (2.50) each. */
    private static final int TEST_SIZE = 150;
    private static final long MAX_SCORE = 250L * TEST_SIZE;

    @TempDir
    static Path work;

    private static LocalChain chain;
    private static ChainCli cli;
    private static String bounty;
    /** What the steps printed that the tests look at, by step. */
    private static final Map<String, CliProcess.Result> steps = new HashMap<>();
    /** {@code balance --wei} of each account right after the bounty. */
    private static final Map<String, String> balances = new HashMap<>();

    @BeforeAll
    static void playARegressionBounty() throws Exception {
        cli = new ChainCli(work, chain);
        // the reward and the verifier bond, and the same for the refused bounties: they fail after the split
        chain.fund(REQUESTER.getAddress(), FUNDS.add(REWARD).add(STAKE).add(STAKE));
        for (Credentials trainer : List.of(GOOD_TRAINER, WEAK_TRAINER, LIAR)) {
            chain.fund(trainer.getAddress(), FUNDS.add(STAKE));
        }
        Bounties.writeRegressionDataset(work.resolve("data.csv"), 600, 3);

        CliProcess.Result created = cli.ok(REQUESTER, create("--max-error", "2.5"));
        steps.put("create", created);
        bounty = created.line("bounty");
        steps.put("train with an algorithm", cli.run(GOOD_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "fm", "--algorithm",
                "FACTORIZATION_MACHINE"));
        cli.ok(GOOD_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "good", "--epochs", "10");
        cli.ok(WEAK_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "weak", "--epochs", "1", "--learning-rate", "0.001");
        cli.ok(GOOD_TRAINER, "commit", bounty, "--model", "good/model.onnx", "--kit", "good-kit.json");
        cli.ok(WEAK_TRAINER, "commit", bounty, "--model", "weak/model.onnx", "--kit", "weak-kit.json");
        cli.ok(LIAR, "commit", bounty, "--model", "weak/model.onnx", "--kit", "liar-kit.json");

        chain.node.increaseTime(PAST_THE_MODEL_DEADLINE);
        cli.ok(REQUESTER, "bounty", "release", "--kit", "reveal-kit.json");
        cli.ok(GOOD_TRAINER, "predict", "--kit", "good-kit.json", "--model", "good/model.onnx");
        cli.ok(WEAK_TRAINER, "predict", "--kit", "weak-kit.json", "--model", "weak/model.onnx");
        steps.put("predict to a file", cli.ok(LIAR, "predict", "--kit", "liar-kit.json", "--model", "weak/model.onnx", "--out", "liar.csv"));
        cli.ok(GOOD_TRAINER, "commit-predictions", "--kit", "good-kit.json");
        cli.ok(WEAK_TRAINER, "commit-predictions", "--kit", "weak-kit.json");
        steps.put("commit predictions from a file", cli.ok(LIAR, "commit-predictions", "--kit", "liar-kit.json", "--predictions", "liar.csv"));

        chain.node.increaseTime(A_WINDOW);
        cli.ok(REQUESTER, "bounty", "reveal", "--kit", "reveal-kit.json");
        steps.put("claim good", cli.ok(GOOD_TRAINER, "claim", "--kit", "good-kit.json"));
        steps.put("claim weak", cli.ok(WEAK_TRAINER, "claim", "--kit", "weak-kit.json"));
        steps.put("claim above the best score", cli.run(LIAR, "claim", "--kit", "liar-kit.json", "--score", Long.toString(MAX_SCORE + 1)));
        steps.put("claim liar", cli.ok(LIAR, "claim", "--kit", "liar-kit.json", "--score", Long.toString(MAX_SCORE)));
        steps.put("claim again", cli.run(WEAK_TRAINER, "claim", "--kit", "weak-kit.json"));
        chain.node.increaseTime(A_WINDOW);
        steps.put("reveal liar", cli.ok(LIAR, "reveal", "--kit", "liar-kit.json", "--model", "weak/model.onnx"));
        cli.ok(GOOD_TRAINER, "reveal", "--kit", "good-kit.json", "--model", "good/model.onnx");
        chain.node.increaseTime(A_WINDOW);
        steps.put("verify", cli.ok(VERIFIER, "verify", bounty));
        cli.ok(REQUESTER, "advance", bounty);
        cli.ok(GOOD_TRAINER, "withdraw");
        for (Credentials account : List.of(REQUESTER, GOOD_TRAINER, WEAK_TRAINER, LIAR)) {
            balances.put(account.getAddress(), cli.ok(account, "balance", "--wei").out().strip());
        }
        balances.put(BURN_ADDRESS, cli.ok(REQUESTER, "balance", BURN_ADDRESS, "--wei").out().strip());
    }

    @Test
    void theBetterModelWinsAndEveryAmountIsExactToTheWei() throws Exception {
        assertThat(balances.get(GOOD_TRAINER.getAddress())).isEqualTo(GOOD_TRAINER.getAddress() + " " + FUNDS.add(STAKE).add(REWARD) + " 0");
        assertThat(balances.get(WEAK_TRAINER.getAddress())).isEqualTo(WEAK_TRAINER.getAddress() + " " + FUNDS + " " + STAKE);
        assertThat(balances.get(LIAR.getAddress())).isEqualTo(LIAR.getAddress() + " " + FUNDS + " 0");
        assertThat(balances.get(REQUESTER.getAddress())).isEqualTo(REQUESTER.getAddress() + " " + FUNDS.add(STAKE) + " " + STAKE); // the bond back
        assertThat(balances.get(BURN_ADDRESS)).isEqualTo(BURN_ADDRESS + " 0 " + STAKE);

        assertThat(steps.get("reveal liar").out()).contains("submission is now Slashed: the revealed predictions do not score the claim");
        assertThat(steps.get("verify").out()).contains("candidate " + GOOD_TRAINER.getAddress().toLowerCase() + ": accepted",
                "Its model is reproduced: its re-run reproduces all " + TEST_SIZE + " revealed predictions within 1 unit plus 1/65,536 of the revealed value.",
                "attestVerification 0 rejected, 1 accepted", "is now Completed");
        CliProcess.Result audit = cli.run(REQUESTER, "audit", bounty);
        assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out()).contains("PASS  data.split", "PASS  model.reproduces[" + GOOD_TRAINER.getAddress().toLowerCase() + "]",
                "PASS  payouts.credits", "PASS  money.invariant", "verdict: every check holds");
    }

    @Test
    void scoresAreInTheTargetsUnit() throws Exception {
        assertThat(steps.get("create").out()).contains(TEST_SIZE + " test rows (sealed), regression (unit 0.01, max error 2.50), min score "
                + MAX_SCORE * 7 / 10, "a winner needs a score of at least " + MAX_SCORE * 7 / 10 + " of " + MAX_SCORE
                + ": a mean absolute error of at most 0.75 (each row's error counted up to 2.50)");
        long good = claimed("claim good");
        long weak = claimed("claim weak");
        assertThat(good).isGreaterThan(MAX_SCORE * 7 / 10).isGreaterThan(weak);
        assertThat(steps.get("claim good").out()).contains("claimed " + good + " of " + MAX_SCORE + "; a contender");
        assertThat(steps.get("claim weak").out()).contains("below the min score " + MAX_SCORE * 7 / 10);
        assertThat(steps.get("claim liar").err()).contains("warning: claiming " + MAX_SCORE + " while the kit's predictions score " + weak);
        assertFails(steps.get("claim again"), "error: already claimed " + weak + " of " + MAX_SCORE + "; below the min score");
        assertFails(steps.get("claim above the best score"), "error: claimScore");
        assertThat(steps.get("claim above the best score").err()).contains("would be refused: a score of " + (MAX_SCORE + 1)
                + " is more than the bounty's best score " + MAX_SCORE);

        List<String> predictions = Files.readAllLines(work.resolve("liar.csv"));
        assertThat(predictions).hasSize(TEST_SIZE + 1).first().isEqualTo("prediction");
        assertThat(predictions.subList(1, predictions.size())).allMatch(value -> value.matches("-?\\d+\\.\\d\\d"));
        assertThat(steps.get("commit predictions from a file").err()).contains("warning: committing liar.csv");

        assertThat(cli.ok(REQUESTER, "bounty", "show", bounty).out()).contains("phase       Completed")
                .contains("winner      " + GOOD_TRAINER.getAddress().toLowerCase())
                .contains("test        " + TEST_SIZE + " rows, regression (MeanAbsoluteError) of 'y', unit 0.01, max error 2.50, best score "
                        + MAX_SCORE + ", min score " + MAX_SCORE * 7 / 10)
                .contains("a winner needs a score of at least " + MAX_SCORE * 7 / 10);
    }

    @Test
    void optionsThatDoNotFitTheTaskAreRefusedByName() throws Exception {
        assertFails(steps.get("train with an algorithm"), "error: --algorithm is for classification: bounty " + bounty + " is a regression bounty");
        assertFails(cli.run(REQUESTER, refused("--max-error", "2.555")),
                "error: --max-error 2.555 is not a whole number of the target's unit 0.01 (--decimals 2): write it with at most 2 decimals");
        assertFails(cli.run(REQUESTER, refused("--max-error", "0.001")),
                "error: --max-error 0.001 is not a whole number of the target's unit 0.01");
        assertFails(cli.run(REQUESTER, refused("--max-error", "0")),
                "error: --max-error 0 is below one unit of the target: it must be at least 0.01 (--decimals 2)");
        // 28,633,115 units (286,331.15) is the most that 150 test rows allow: 4,294,967,295 / 150.
        assertFails(cli.run(REQUESTER, refused("--max-error", "286331.16")), "error: --max-error 286331.16 is 28633116 units; with 150 test"
                + " rows the best score 28633116 × 150 would exceed 4,294,967,295 (uint32): --max-error may be at most 286331.15 (28633115 units)");
        assertFails(cli.run(REQUESTER, refused("--classes-from-numbers")),
                "error: --classes-from-numbers is for classification: a regression bounty's label column is a number, never a class");
        assertFails(cli.run(REQUESTER, refused("--decimals", "10")), "error: --decimals must be 0 to 9, got 10");
        assertFails(cli.run(REQUESTER, refused("--min-score", "37501")),
                "error: --min-score 37501 is a score of 37501; it must be 1 to the best score 37500");
        List<String> classification = new ArrayList<>(List.of(refused()));
        classification.subList(classification.indexOf("--task"), classification.indexOf("--task") + 6).clear(); // --task, --decimals, --max-error
        CliProcess.Result asClasses = cli.run(REQUESTER, classification.toArray(String[]::new));
        assertFails(asClasses, "error: data.csv:");
        assertThat(asClasses.err()).contains("label column 'y' has more than 256 distinct numeric values: it looks like a numeric target, not"
                + " classes (a classification bounty has at most 256): post it as a regression bounty (--task regression in the CLI)");
        classification.addAll(List.of("--max-error", "2.5"));
        assertFails(cli.run(REQUESTER, classification.toArray(String[]::new)),
                "error: --max-error is for a regression bounty: add --task regression, or leave it out for classes");
    }

    /** {@code bounty create} of the regression bounty, with the options {@code extra} adds or replaces. */
    private static String[] create(String... extra) {
        return with(List.of("bounty", "create", "--data", "data.csv", "--label-column", "y", "--task", "regression", "--decimals", "2",
                "--max-error", "2.5", "--test-fraction", "0.25", "--title", "Prices", "--reward", "100", "--stake", "10.000000000000000001",
                "--model-deadline", "1h", "--window", "1h", "--min-score", "70%", "--verifier", VERIFIER.getAddress(), "--kit", "reveal-kit.json"),
                extra);
    }

    /** {@link #create} of another bounty, whose kit would go elsewhere: for the refusals, which write none. */
    private static String[] refused(String... extra) {
        return with(List.of(create(extra)), "--kit", "refused-kit.json");
    }

    /** The score a claim step printed ("claimed N of M; …"). */
    private static long claimed(String step) {
        return Long.parseLong(steps.get(step).out().lines().filter(line -> line.startsWith("claimed ")).findFirst().orElseThrow().split(" ")[1]);
    }
}
