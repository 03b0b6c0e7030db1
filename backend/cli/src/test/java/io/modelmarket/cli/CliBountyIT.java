package io.modelmarket.cli;

import static io.modelmarket.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;
import static io.modelmarket.cli.ChainCli.assertFails;
import static io.modelmarket.cli.ChainCli.with;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.protocol.Hex;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.verify.BrokenModels;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.WalletUtils;

/**
 * The CLI plays a whole bounty on a Hardhat node, one process per command as a user would run them:
 * a good and a weak trainer play honestly and the good one wins; a cheater commits the true labels as the
 * predictions of a model that does not make them, claims a perfect score and is rejected by {@code verify} (its
 * stake burned when the proposal stands undisputed through Challenging); a trainer whose model outputs no class cannot commit predictions and loses its stake; the audit
 * holds. The reward
 * (2^64 + 1 wei) and stake (10^30 + 7 wei) have more digits than a double holds: every balance and credit is exact
 * to the wei.
 */
@ExtendWith(LocalChainExtension.class)
class CliBountyIT {
    private static final int REQUESTER = 1;
    private static final int GOOD_TRAINER = 2;
    private static final int WEAK_TRAINER = 3;
    private static final int VERIFIER = 4;
    private static final int CHEATER = 5;
    private static final int BROKEN_TRAINER = 6;
    private static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";
    private static final BigInteger REWARD = BigInteger.TWO.pow(64).add(BigInteger.ONE);
    private static final BigInteger STAKE = BigInteger.TEN.pow(30).add(BigInteger.valueOf(7));
    private static final BigInteger FUNDS = MDC.multiply(BigInteger.valueOf(100));
    /** More than a window: the model deadline is the window plus the CLI's minute for mining. */
    private static final long PAST_THE_MODEL_DEADLINE = 3600 + 120;
    private static final long A_WINDOW = 3601;

    @TempDir
    static Path work;

    private static LocalChain chain;
    private static ChainCli cli;
    private static String bounty;
    private static int testSize;
    /** What the steps printed that the tests look at, by step. */
    private static final Map<String, CliProcess.Result> steps = new HashMap<>();
    /** {@code balance --wei} of each account right after the bounty (before other tests move money). */
    private static final Map<String, String> balancesAfterTheBounty = new HashMap<>();

    @BeforeAll
    static void playABounty() throws Exception {
        cli = new ChainCli(work, chain);
        chain.fund(address(REQUESTER), FUNDS.add(STAKE)); // the reward and the verifier bond of one stake
        for (int trainer : List.of(GOOD_TRAINER, WEAK_TRAINER, CHEATER, BROKEN_TRAINER)) {
            chain.fund(address(trainer), FUNDS.add(STAKE));
        }
        writeDataset(work.resolve("data.csv"), 600);
        Files.write(work.resolve("broken.onnx"), BrokenModels.constantClass(2, 2, 999_999));

        // The reward in wei, the stake in MDC with all 18 decimals: both exact.
        CliProcess.Result created = ok(REQUESTER, "bounty", "create", "--data", "data.csv", "--title", "Above the line",
                "--reward", "18446744073709551617wei", "--stake", "1000000000000.000000000000000007", "--model-deadline", "1h", "--window", "1h",
                "--min-score", "50%", "--verifier", address(VERIFIER), "--kit", "reveal-kit.json");
        bounty = created.line("bounty");
        testSize = Integer.parseInt(created.out().lines().filter(line -> line.contains(" test rows")).findFirst().orElseThrow().replaceAll("^.* training rows, (\\d+) test rows.*$", "$1"));
        steps.put("fetch before the release", ok(WEAK_TRAINER, "bounty", "fetch", bounty, "--out", "sealed"));
        ok(GOOD_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "good", "--epochs", "10");
        ok(WEAK_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "weak", "--epochs", "1", "--learning-rate", "0.001");
        ok(GOOD_TRAINER, "commit", bounty, "--model", "good/model.onnx", "--kit", "good-kit.json");
        ok(WEAK_TRAINER, "commit", bounty, "--model", "weak/model.onnx", "--kit", "weak-kit.json");
        ok(CHEATER, "commit", bounty, "--model", "weak/model.onnx", "--kit", "cheat-kit.json");
        ok(BROKEN_TRAINER, "commit", bounty, "--model", "broken.onnx", "--kit", "broken-kit.json");
        steps.put("predict before the release", cli(GOOD_TRAINER, "predict", "--kit", "good-kit.json", "--model", "good/model.onnx"));

        chain.node.increaseTime(PAST_THE_MODEL_DEADLINE);
        assertThat(ok(REQUESTER, "bounty", "release", "--kit", "reveal-kit.json").out()).contains("is now Predicting");
        steps.put("predict with another model", cli(GOOD_TRAINER, "predict", "--kit", "good-kit.json", "--model", "weak/model.onnx"));
        steps.put("predict with a model that outputs no class", cli(BROKEN_TRAINER, "predict", "--kit", "broken-kit.json", "--model", "broken.onnx"));
        ok(GOOD_TRAINER, "predict", "--kit", "good-kit.json", "--model", "good/model.onnx");
        ok(WEAK_TRAINER, "predict", "--kit", "weak-kit.json", "--model", "weak/model.onnx");
        ok(GOOD_TRAINER, "commit-predictions", "--kit", "good-kit.json");
        ok(WEAK_TRAINER, "commit-predictions", "--kit", "weak-kit.json");
        // The cheater has the test inputs labelled (here: the requester's own labels) and commits those.
        writeLabelsAsPredictions(work.resolve("reveal-kit.json"), work.resolve("labelled.csv"));
        steps.put("cheater commits predictions", ok(CHEATER, "commit-predictions", "--kit", "cheat-kit.json", "--predictions", "labelled.csv"));

        chain.node.increaseTime(A_WINDOW);
        assertThat(ok(REQUESTER, "bounty", "reveal", "--kit", "reveal-kit.json").out()).contains("is now Claiming");
        for (var trainer : Map.of(GOOD_TRAINER, "good-kit.json", WEAK_TRAINER, "weak-kit.json", CHEATER, "cheat-kit.json").entrySet()) {
            steps.put("claim " + trainer.getKey(), ok(trainer.getKey(), "claim", "--kit", trainer.getValue()));
        }
        chain.node.increaseTime(A_WINDOW);
        ok(CHEATER, "reveal", "--kit", "cheat-kit.json", "--model", "weak/model.onnx");
        assertThat(ok(GOOD_TRAINER, "reveal", "--kit", "good-kit.json", "--model", "good/model.onnx").out()).contains("submission is now Revealed");
        chain.node.increaseTime(A_WINDOW);
        steps.put("verify", ok(VERIFIER, "verify", bounty));
        steps.put("advance while Challenging", ok(REQUESTER, "advance", bounty));
        chain.node.increaseTime(A_WINDOW);
        steps.put("advance", ok(REQUESTER, "advance", bounty));
        ok(GOOD_TRAINER, "withdraw");
        for (int account : List.of(REQUESTER, GOOD_TRAINER, WEAK_TRAINER, CHEATER, BROKEN_TRAINER)) {
            balancesAfterTheBounty.put(address(account), ok(account, "balance", "--wei").out().strip());
        }
        balancesAfterTheBounty.put(BURN_ADDRESS, ok(REQUESTER, "balance", BURN_ADDRESS, "--wei").out().strip());
    }

    @Test
    void theGoodTrainerWinsAndEveryAmountIsExactToTheWei() throws Exception {
        // The winner has its reward and its stake back; the weak trainer (silent below the best claim) its stake as
        // credits; the cheater's (rejected, ranking before the winner) and the broken trainer's stakes are burned; the
        // requester has its verifier bond back as credits.
        assertThat(balance(GOOD_TRAINER)).isEqualTo(address(GOOD_TRAINER) + " " + FUNDS.add(STAKE).add(REWARD) + " 0");
        assertThat(balance(WEAK_TRAINER)).isEqualTo(address(WEAK_TRAINER) + " " + FUNDS + " " + STAKE);
        assertThat(balance(CHEATER)).isEqualTo(address(CHEATER) + " " + FUNDS + " 0");
        assertThat(balance(BROKEN_TRAINER)).isEqualTo(address(BROKEN_TRAINER) + " " + FUNDS + " 0");
        assertThat(balance(REQUESTER)).isEqualTo(address(REQUESTER) + " " + FUNDS.subtract(REWARD) + " " + STAKE);
        assertThat(balancesAfterTheBounty.get(BURN_ADDRESS)).isEqualTo(BURN_ADDRESS + " 0 " + STAKE.multiply(BigInteger.TWO));
        assertThat(FUNDS.add(STAKE).add(REWARD).toString()).isEqualTo("1000000000118446744073709551624");
        assertThat(ok(GOOD_TRAINER, "balance").out()).contains("wallet 1,000,000,000,118.446744073709551624 MDC  credits 0 MDC");
        assertThat(ok(REQUESTER, "bounty", "show", bounty).out()).contains("phase       Completed")
                .contains("winner      " + address(GOOD_TRAINER).toLowerCase())
                .contains("reward      18.446744073709551617 MDC, stake 1,000,000,000,000.000000000000000007 MDC, escrow 0 MDC")
                .contains("test        " + testSize + " rows, 2 classes, min score " + (testSize + 1) / 2 + " (Accuracy)")
                .containsPattern(address(CHEATER).toLowerCase() + " +Slashed")
                .containsPattern(address(BROKEN_TRAINER).toLowerCase() + " +Settled");
        assertThat(ok(REQUESTER, "bounty", "list", "--phase", "Completed").out()).contains(bounty);
        assertThat(steps.get("advance while Challenging").out()).contains("is Challenging; nothing was due");
        assertThat(steps.get("advance").out()).contains("advance (Completed)", "4 action(s) done");
        // The auditor's replay from chain and IPFS alone agrees with every step the CLI took.
        CliProcess.Result audit = cli(REQUESTER, "audit", bounty);
        assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out()).contains("PASS  data.sealedInputs", "PASS  model.reproduces[" + address(CHEATER).toLowerCase() + "]",
                "PASS  payouts.credits", "PASS  payouts.noStakeToSlasher", "PASS  money.invariant", "verdict: every check holds");
    }

    @Test
    void theVerifierRejectsTheCheaterWhoseModelDoesNotMakeItsPredictionsAndAcceptsTheGoodTrainer() {
        assertThat(steps.get("cheater commits predictions").err()).contains("warning: committing labelled.csv, not the predictions 'predict' made");
        assertThat(steps.get("claim " + CHEATER).out()).contains("claimed " + testSize + " of " + testSize + "; a contender");
        String verify = steps.get("verify").out();
        assertThat(verify.indexOf("candidate " + address(CHEATER).toLowerCase())).as(verify).isGreaterThanOrEqualTo(0)
                .isLessThan(verify.indexOf("candidate " + address(GOOD_TRAINER).toLowerCase()));
        assertThat(verify).contains("attestVerification 1 rejected, 1 accepted").contains("is now Challenging");
    }

    @Test
    void stepsOutOfTurnOrWithTheWrongModelGetAnErrorThatNamesThem() {
        assertFails(steps.get("predict before the release"), "error: bounty " + bounty + " is Open; this needs Predicting");
        assertFails(steps.get("predict with another model"), "error: the model does not match its commitment: weak/model.onnx is ");
        assertFails(steps.get("predict with a model that outputs no class"),
                "error: the model's predictions cannot be committed: row 0: class 999999; classes are 0..1");
    }

    @Test
    void aTrainerFetchesTheTestInputsOnlyOnceTheKeyIsReleasedEachCheckedAgainstItsCid() throws Exception {
        CliProcess.Result sealed = steps.get("fetch before the release");
        assertThat(sealed.out().lines()).containsExactly("sealed/training.csv", "sealed/metadata.json");
        assertThat(sealed.err()).contains("the test inputs stay sealed until the requester releases the key");

        CliProcess.Result fetched = ok(WEAK_TRAINER, "bounty", "fetch", bounty, "--out", "fetched");
        assertThat(fetched.out().lines()).containsExactly("fetched/training.csv", "fetched/metadata.json", "fetched/test-inputs.csv");
        assertThat(fetched.err()).contains("training data", "metadata", "sealed test inputs");
        assertThat(Files.readString(work.resolve("fetched/metadata.json"))).contains("\"labelColumn\"");
        assertThat(Files.readAllLines(work.resolve("fetched/test-inputs.csv"))).hasSize(testSize + 1).first().isEqualTo("x,y");
        assertThat(Files.readAllLines(work.resolve("fetched/training.csv"))).first().isEqualTo("x,y,label");

        CliProcess.Result unknown = cli(WEAK_TRAINER, "bounty", "fetch", "0x" + "00".repeat(32), "--out", "nothing");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("has no bounty 0x0000");
        assertThat(work.resolve("nothing")).doesNotExist();
    }

    @Test
    void mistakesGetAnErrorThatNamesThem() throws Exception {
        CliProcess.Result noKey = cli.process().run(Map.of(), List.of("faucet", "--deployment", chain.deploymentFile().toString(), "--rpc", chain.node.rpcUrl()));
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err()).contains("error: no signing key: pass --keystore FILE, or put the key in $MODELMARKET_PRIVATE_KEY");

        assertThat(cli(REQUESTER, "bounty", "show", "0x" + "00".repeat(32)).err()).contains("has no bounty 0x0000");
        List<String> create = List.of("bounty", "create", "--data", "data.csv", "--title", "x", "--reward", "1", "--model-deadline", "1h",
                "--min-score", "60", "--verifier", address(VERIFIER));
        CliProcess.Result badAmount = cli(REQUESTER, with(create, "--reward", "ten", "--window", "1h"));
        assertThat(badAmount.exit()).isEqualTo(2);
        assertThat(badAmount.err()).contains("'ten' is not an amount in MDC");
        CliProcess.Result fractionOfAWei = cli(REQUESTER, with(create, "--reward", "1.5wei", "--window", "1h"));
        assertThat(fractionOfAWei.exit()).isEqualTo(2);
        assertThat(fractionOfAWei.err()).contains("'1.5' is not an amount in wei");
        CliProcess.Result missing = cli(REQUESTER, with(create, "--data", "/nonexistent.csv", "--window", "1h"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file: /nonexistent.csv");
        assertFails(cli(REQUESTER, with(create, "--window", "30m")), "error: --window must be 1h to 30d, got 1800 s");
        assertFails(cli(REQUESTER, with(create, "--window", "1h", "--verifier", address(REQUESTER))), "error: --verifier must not be the requester");
        writeDataset(work.resolve("small.csv"), 100);
        CliProcess.Result tooSmall = cli(REQUESTER, with(create, "--window", "1h", "--data", "small.csv"));
        assertFails(tooSmall, "error: the test set has ");
        assertThat(tooSmall.err()).contains(" rows; a bounty needs 100 to 150,000 (change --test-fraction or the data)");
        assertFails(cli(REQUESTER, "bounty", "reveal", "--kit", "reveal-kit.json"), "error: bounty " + bounty + " is Completed; this needs AwaitingGroundTruth");
        CliProcess.Result noModel = cli(GOOD_TRAINER, "commit", bounty, "--model", "missing.onnx");
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("no such file: missing.onnx");
    }

    @Test
    void keysComeFromAnEncryptedKeystore() throws Exception {
        Path folder = Files.createDirectories(work.resolve("keystore"));
        String file = WalletUtils.generateWalletFile("correct horse", HardhatAccounts.account(REQUESTER).getEcKeyPair(), folder.toFile(), false);
        List<String> args = List.of("balance", "--keystore", folder.resolve(file).toString(), "--rpc", chain.node.rpcUrl(),
                "--deployment", chain.deploymentFile().toString());
        CliProcess.Result opened = cli.process().run(Map.of("MODELMARKET_KEYSTORE_PASSWORD", "correct horse"), args);
        assertThat(opened.exit()).as(opened.err()).isZero();
        assertThat(opened.out()).startsWith(address(REQUESTER).toLowerCase() + "  wallet ");
        CliProcess.Result refused = cli.process().run(Map.of("MODELMARKET_KEYSTORE_PASSWORD", "wrong"), args);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("wrong password or damaged file");
    }

    private static String balance(int account) {
        return balancesAfterTheBounty.get(address(account));
    }

    /** Runs a command as Hardhat's {@code account}. */
    private static CliProcess.Result cli(int account, String... args) throws Exception {
        return cli.run(HardhatAccounts.account(account), args);
    }

    /** Runs a command as Hardhat's {@code account} that must succeed ({@link ChainCli#ok}). */
    private static CliProcess.Result ok(int account, String... args) throws Exception {
        return cli.ok(HardhatAccounts.account(account), args);
    }

    private static String address(int account) {
        return HardhatAccounts.account(account).getAddress();
    }

    /** The labels of a reveal kit as a predictions CSV of class indices. */
    private static void writeLabelsAsPredictions(Path revealKit, Path csv) throws Exception {
        byte[] labels = Hex.decode(new ObjectMapper().readTree(revealKit.toFile()).get("labels").asText(), "labels");
        StringBuilder out = new StringBuilder("prediction\n");
        for (byte label : labels) {
            out.append(label).append('\n');
        }
        Files.writeString(csv, out);
    }

    /** Two features; the label says whether the point lies above the line y = x + 3 (a little noise keeps it honest). */
    private static void writeDataset(Path file, int rows) throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < rows; i++) {
            double x = random.nextDouble() * 10;
            double y = random.nextDouble() * 10;
            boolean above = y > x + 3 ^ random.nextDouble() < 0.05;
            csv.append(String.format("%.3f,%.3f,%s%n", x, y, above ? "above" : "below"));
        }
        Files.writeString(file, csv);
    }
}
