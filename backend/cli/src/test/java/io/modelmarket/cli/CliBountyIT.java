package io.modelmarket.cli;

import static io.modelmarket.contracts.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.audit.AuditReport;
import io.modelmarket.audit.Auditor;
import io.modelmarket.audit.BountyHistory;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.LocalChain;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verify.ModelLimits;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * The CLI plays whole bounties on a Hardhat node, one process per command as a user would run them, and the
 * audit passes on the honest bounty and names the failing check on doctored ones. The honest bounty's reward
 * (2^64 + 1 wei) and stake (10^30 + 7 wei) have more digits than a double holds: every balance, credit and
 * figure of the audit's JSON stays exact to the wei.
 */
class CliBountyIT {
    private static final int REQUESTER = 1;
    private static final int GOOD_TRAINER = 2;
    private static final int WEAK_TRAINER = 3;
    private static final int VERIFIER = 4;
    private static final BigInteger REWARD = BigInteger.TWO.pow(64).add(BigInteger.ONE);
    private static final BigInteger STAKE = BigInteger.TEN.pow(30).add(BigInteger.valueOf(7));
    private static final BigInteger FUNDS = MDC.multiply(BigInteger.valueOf(100));

    @TempDir
    static Path work;

    private static LocalChain chain;
    private static CliProcess cli;
    private static String honestBounty;
    /** {@code balance --wei} of each account right after the honest bounty (before other tests move money). */
    private static final Map<Integer, String> balancesAfterHonestBounty = new java.util.HashMap<>();

    @BeforeAll
    static void playAnHonestBounty() throws Exception {
        chain = LocalChain.start();
        cli = new CliProcess(work);
        chain.fund(address(REQUESTER), FUNDS);
        for (int trainer : List.of(GOOD_TRAINER, WEAK_TRAINER)) {
            chain.fund(address(trainer), FUNDS.add(STAKE));
        }
        writeDataset(work.resolve("data.csv"), 300);

        // The reward in wei, the stake in MDC with all 18 decimals: both exact.
        CliProcess.Result created = ok(REQUESTER, "bounty", "create", "--data", "data.csv", "--title", "Above the line",
                "--reward", "18446744073709551617wei", "--stake", "1000000000000.000000000000000007", "--deadline", "1h", "--window", "1h",
                "--verifier", address(VERIFIER), "--kit", "reveal-kit.json");
        honestBounty = created.line("bounty");
        assertThat(Files.exists(work.resolve("reveal-kit.json"))).isTrue();

        ok(GOOD_TRAINER, "train", "baseline", "--bounty", honestBounty, "--out", "good", "--epochs", "10");
        ok(WEAK_TRAINER, "train", "baseline", "--bounty", honestBounty, "--out", "weak", "--epochs", "1", "--learning-rate", "0.001");
        ok(GOOD_TRAINER, "submit", honestBounty, "--model", "good/model.onnx", "--predictions", "good/predictions.csv", "--kit", "good-kit.json");
        ok(WEAK_TRAINER, "submit", honestBounty, "--model", "weak/model.onnx", "--predictions", "weak/predictions.csv", "--kit", "weak-kit.json");

        chain.node.increaseTime(3601);
        assertThat(ok(REQUESTER, "bounty", "reveal", "--kit", "reveal-kit.json").out()).contains("is now Claiming");
        ok(GOOD_TRAINER, "claim", "--kit", "good-kit.json");
        ok(WEAK_TRAINER, "claim", "--kit", "weak-kit.json");
        chain.node.increaseTime(3601);
        assertThat(ok(GOOD_TRAINER, "reveal", "--kit", "good-kit.json").out()).contains("is now Verifying");
        assertThat(ok(VERIFIER, "verify", honestBounty).out()).contains("is now Completed");
        assertThat(ok(REQUESTER, "advance", honestBounty).out()).contains("1 action(s) done");
        ok(GOOD_TRAINER, "withdraw");
        for (int account : List.of(REQUESTER, GOOD_TRAINER, WEAK_TRAINER)) {
            balancesAfterHonestBounty.put(account, ok(account, "balance", "--wei").out().strip());
        }
    }

    @AfterAll
    static void stopChain() throws Exception {
        chain.close();
    }

    @Test
    void theHonestBountyPaysTheWinnerAndPassesTheAudit() throws Exception {
        // Exact to the wei: the winner has its reward and its stake back, the other claimant its stake as credits.
        assertThat(balancesAfterHonestBounty.get(GOOD_TRAINER)).isEqualTo(address(GOOD_TRAINER) + " " + FUNDS.add(STAKE).add(REWARD) + " 0");
        assertThat(balancesAfterHonestBounty.get(WEAK_TRAINER)).isEqualTo(address(WEAK_TRAINER) + " " + FUNDS + " " + STAKE);
        assertThat(balancesAfterHonestBounty.get(REQUESTER)).isEqualTo(address(REQUESTER) + " " + FUNDS.subtract(REWARD) + " 0");
        assertThat(FUNDS.add(STAKE).add(REWARD).toString()).isEqualTo("1000000000118446744073709551624");
        assertThat(ok(GOOD_TRAINER, "balance").out()).contains("wallet 1,000,000,000,118.446744073709551624 MDC  credits 0 MDC");
        assertThat(ok(REQUESTER, "bounty", "show", honestBounty).out()).contains("phase       Completed")
                .contains("winner      " + address(GOOD_TRAINER).toLowerCase())
                .contains("reward      18.446744073709551617 MDC, stake 1,000,000,000,000.000000000000000007 MDC, escrow 0 MDC");
        assertThat(ok(REQUESTER, "bounty", "list", "--phase", "Completed").out()).contains(honestBounty);

        CliProcess.Result audit = cli(REQUESTER, "audit", honestBounty, "--html", "audit.html");
        assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out()).contains("PASS  groundTruth.commitment", "PASS  data.split", "PASS  model.reproduces[" + address(GOOD_TRAINER).toLowerCase(),
                "PASS  payouts.credits", "PASS  money.invariant", "verdict: every check holds");
        assertThat(Files.readString(work.resolve("audit.html"))).contains("Every check holds", "<svg");
        JsonNode json = new ObjectMapper().readTree(cli(REQUESTER, "audit", honestBounty, "--json").out());
        assertThat(json.get("passed").asBoolean()).isTrue();
        JsonNode money = json.get("money");
        assertThat(money.get("reward").isTextual()).isTrue();
        assertThat(money.get("reward").asText()).isEqualTo("18446744073709551617");
        assertThat(money.get("trainerStake").asText()).isEqualTo("1000000000000000000000000000007");
        assertThat(money.get("escrow").asText()).isEqualTo("0");
        assertThat(money.get("credited").get(address(GOOD_TRAINER).toLowerCase()).asText()).isEqualTo(REWARD.add(STAKE).toString());
        assertThat(money.get("credited").get(address(WEAK_TRAINER).toLowerCase()).asText()).isEqualTo(STAKE.toString());
        for (String sum : List.of("tokenBalance", "totalEscrow", "totalCredits")) {
            assertThat(money.get("market").get(sum).asText()).matches("[0-9]+");
        }
        // No figure anywhere in the report is a JSON number a double cannot hold.
        assertNoLargeNumber(json);
    }

    @Test
    void aTrainerFetchesTheBountysFilesCheckedAgainstTheirCids() throws Exception {
        CliProcess.Result fetched = ok(WEAK_TRAINER, "bounty", "fetch", honestBounty, "--out", "fetched");
        assertThat(fetched.out().lines()).containsExactly("fetched/training.csv", "fetched/metadata.json", "fetched/test-inputs.csv");
        assertThat(fetched.err()).contains("training data", "metadata", "test inputs");
        assertThat(Files.readString(work.resolve("fetched/metadata.json"))).contains("\"labelColumn\"");
        assertThat(Files.readAllLines(work.resolve("fetched/test-inputs.csv"))).first().isEqualTo("x,y");
        assertThat(Files.readAllLines(work.resolve("fetched/training.csv"))).first().isEqualTo("x,y,label");

        CliProcess.Result unknown = cli(WEAK_TRAINER, "bounty", "fetch", "0x" + "00".repeat(32), "--out", "nothing");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("has no bounty 0x0000");
        assertThat(work.resolve("nothing")).doesNotExist();
    }

    @Test
    void theAuditNamesATamperedIpfsFile() throws Exception {
        Path copy = work.resolve("tampered-store");
        copyTree(work.resolve(".run/ipfs"), copy);
        String testInputsCid = cli(REQUESTER, "bounty", "show", honestBounty).line("test inputs");
        Path block = copy.resolve("blocks").resolve(testInputsCid);
        byte[] bytes = Files.readAllBytes(block);
        bytes[bytes.length - 2] ^= 1;
        Files.write(block, bytes);

        CliProcess.Result audit = cli(REQUESTER, "audit", honestBounty, "--store", copy.toString());
        assertThat(audit.exit()).as(audit.err()).isEqualTo(1);
        assertThat(audit.out()).contains("FAIL  data.files: test inputs " + testInputsCid).contains("checks FAILED");
    }

    @Test
    void theAuditNamesAWrongLabelInAForkedHistory() throws Exception {
        BountyHistory history;
        try (MarketConnection connection = new MarketConnection(chain.web3j, LocalChain.CHAIN_ID, chain.marketAddress, chain.deployBlock)) {
            history = AuditCommand.read(connection, Bytes32.fromHex(honestBounty));
        }
        List<MarketEvent> forked = new ArrayList<>();
        for (MarketEvent event : history.events()) {
            if (event.name().equals("GroundTruthRevealed")) {
                byte[] labels = Hex.decode(event.text("labels"), "labels");
                labels[0] ^= 1;
                ObjectNode fields = event.fields().deepCopy();
                fields.put("labels", Hex.encode(labels));
                event = event.withFields(fields);
            }
            forked.add(event);
        }
        AuditReport report = new Auditor(new LocalContentStore(work.resolve(".run/ipfs")), ModelLimits.defaults()).audit(history.withEvents(forked));
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(c -> c.name()).contains("groundTruth.commitment");
    }

    @Test
    void theAuditNamesAWinningModelThatDoesNotReproduce() throws Exception {
        String bounty = ok(REQUESTER, "bounty", "create", "--data", "data.csv", "--title", "No verifier", "--reward", "5",
                "--deadline", "1h", "--window", "1h", "--kit", "second-reveal-kit.json").line("bounty");
        ok(WEAK_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "cheat", "--epochs", "5");
        Path predictions = work.resolve("cheat/predictions.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(predictions));
        lines.set(1, lines.get(1).equals("above") ? "below" : "above"); // the model does not predict this
        Files.write(predictions, lines);
        CliProcess.Result refused = cli(WEAK_TRAINER, "submit", bounty, "--model", "cheat/model.onnx", "--predictions", "cheat/predictions.csv");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("error: the model's own predictions differ from cheat/predictions.csv on 1 rows (first: [0])");

        ok(WEAK_TRAINER, "submit", bounty, "--model", "cheat/model.onnx", "--predictions", "cheat/predictions.csv", "--kit", "cheat-kit.json",
                "--no-check");
        chain.node.increaseTime(3601);
        ok(REQUESTER, "bounty", "reveal", "--kit", "second-reveal-kit.json");
        ok(WEAK_TRAINER, "claim", "--kit", "cheat-kit.json");
        chain.node.increaseTime(3601);
        assertThat(ok(WEAK_TRAINER, "reveal", "--kit", "cheat-kit.json").out()).contains("is now Completed");

        CliProcess.Result audit = cli(REQUESTER, "audit", bounty);
        assertThat(audit.exit()).as(audit.err()).isEqualTo(1);
        assertThat(audit.out()).contains("FAIL  model.reproduces[" + address(WEAK_TRAINER).toLowerCase() + "]: the winner's model does not reproduce")
                .contains("PASS  payouts.credits");
    }

    /** The contract takes any 1 to 128 bytes as a CID: the CLI parses each before use and never prints one raw. */
    @Test
    void cidsThatAreNotCidsAreRefusedAndNeverPrintedRaw() throws Exception {
        Credentials requester = HardhatAccounts.account(REQUESTER);
        BountyMarket market = chain.marketAs(requester);
        chain.coinAs(requester).approve(chain.marketAddress, MDC).send();
        BigInteger nonce = market.requesterNonce(requester.getAddress()).send();
        BigInteger now = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
        String html = "bafy\"><img src=x onerror=alert(1)>";
        String escape = "\u001b[2J\u001b]0;pwned\u0007Qm";
        market.createBounty(new BountyMarket.BountyParams(html, escape, "../../api/operator/reveal-kits", Bytes32.randomSalt().toByteArray(),
                MDC, BigInteger.ZERO, now.add(BigInteger.valueOf(3600)), BigInteger.valueOf(3600), BigInteger.TEN, BigInteger.TWO, BigInteger.TEN,
                "0x0000000000000000000000000000000000000000", nonce)).send();
        String bounty = Commitments.bountyId(BigInteger.valueOf(LocalChain.CHAIN_ID), EthAddress.fromHex(chain.marketAddress),
                EthAddress.fromHex(requester.getAddress()), nonce).toHex();

        CliProcess.Result train = cli(GOOD_TRAINER, "train", "baseline", "--bounty", bounty, "--out", "hostile");
        assertThat(train.exit()).isEqualTo(1);
        assertThat(train.err()).contains("names '../../api/operator/reveal-kits' as its metadata, which is not a CID").doesNotContain("\u001b");
        CliProcess.Result show = ok(REQUESTER, "bounty", "show", bounty);
        assertThat(show.out()).contains("training    invalid CID 'bafy\"><img src=x onerror=alert(1)>'")
                .contains("test inputs invalid CID '\\u001b[2J\\u001b]0;pwned\\u0007Qm'").doesNotContain("\u001b");
        CliProcess.Result audit = cli(REQUESTER, "audit", bounty, "--html", "hostile-audit.html");
        assertThat(audit.exit()).isEqualTo(1);
        assertThat(audit.out()).contains("FAIL  data.files: training data 'bafy\"><img").doesNotContain("\u001b");
        assertThat(Files.readString(work.resolve("hostile-audit.html"))).doesNotContain("<img src=x").contains("&lt;img src=x");
    }

    @Test
    void mistakesGetAnErrorThatNamesThem() throws Exception {
        CliProcess.Result noKey = cli.run(Map.of(), List.of("faucet", "--deployment", chain.deploymentFile().toString(), "--rpc", chain.node.rpcUrl()));
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err()).contains("error: no signing key: pass --keystore FILE, or put the key in $MODELMARKET_PRIVATE_KEY");

        CliProcess.Result unknown = cli(REQUESTER, "bounty", "show", "0x" + "00".repeat(32));
        assertThat(unknown.err()).contains("has no bounty 0x0000");
        CliProcess.Result badAmount = cli(REQUESTER, "bounty", "create", "--data", "data.csv", "--title", "x", "--reward", "ten", "--deadline", "1h");
        assertThat(badAmount.exit()).isEqualTo(2);
        assertThat(badAmount.err()).contains("'ten' is not an amount in MDC");
        CliProcess.Result missing = cli(REQUESTER, "bounty", "create", "--data", "/nonexistent.csv", "--title", "x", "--reward", "1", "--deadline", "1h");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file: /nonexistent.csv");
        CliProcess.Result fractionOfAWei = cli(REQUESTER, "bounty", "create", "--data", "data.csv", "--title", "x", "--reward", "1.5wei",
                "--deadline", "1h");
        assertThat(fractionOfAWei.exit()).isEqualTo(2);
        assertThat(fractionOfAWei.err()).contains("'1.5' is not an amount in wei");
        CliProcess.Result early = cli(REQUESTER, "bounty", "reveal", "--kit", "reveal-kit.json");
        assertThat(early.err()).contains("WrongPhase");
    }

    @Test
    void keysComeFromAnEncryptedKeystore() throws Exception {
        Path folder = Files.createDirectories(work.resolve("keystore"));
        String file = WalletUtils.generateWalletFile("correct horse", HardhatAccounts.account(REQUESTER).getEcKeyPair(), folder.toFile(), false);
        List<String> args = List.of("balance", "--keystore", folder.resolve(file).toString(), "--rpc", chain.node.rpcUrl(),
                "--deployment", chain.deploymentFile().toString());
        CliProcess.Result opened = cli.run(Map.of("MODELMARKET_KEYSTORE_PASSWORD", "correct horse"), args);
        assertThat(opened.exit()).as(opened.err()).isZero();
        assertThat(opened.out()).startsWith(address(REQUESTER).toLowerCase() + "  wallet ");
        CliProcess.Result refused = cli.run(Map.of("MODELMARKET_KEYSTORE_PASSWORD", "wrong"), args);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("wrong password or damaged file");
    }

    private static void assertNoLargeNumber(JsonNode node) {
        if (node.isNumber()) {
            assertThat(node.isIntegralNumber() && Math.abs(node.asLong()) < (1L << 53) || node.isFloatingPointNumber())
                    .as(node + " is a JSON number beyond 2^53").isTrue();
        }
        node.elements().forEachRemaining(CliBountyIT::assertNoLargeNumber);
    }

    /** Runs a command as {@code account}; the content store is the default one, .run/ipfs in the working folder. */
    private static CliProcess.Result cli(int account, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--rpc", chain.node.rpcUrl(), "--deployment", chain.deploymentFile().toString()));
        return cli.run(key(account), all);
    }

    /**
     * Runs a command that must succeed and print nothing but its own messages: no JDK warning ({@code WARNING:}
     * lines, e.g. protobuf's sun.misc.Unsafe during a model check) and no library log ({@code INFO:}, Tribuo's).
     */
    private static CliProcess.Result ok(int account, String... args) throws Exception {
        CliProcess.Result result = cli(account, args);
        assertThat(result.exit()).as("modelmarket " + String.join(" ", args) + "\n" + result.out() + result.err()).isZero();
        assertThat(result.err().lines()).as("standard error of modelmarket " + String.join(" ", args))
                .noneMatch(line -> line.startsWith("WARNING:") || line.startsWith("INFO:"));
        return result;
    }

    private static Map<String, String> key(int account) {
        Credentials credentials = HardhatAccounts.account(account);
        return Map.of("MODELMARKET_PRIVATE_KEY", Numeric.toHexStringWithPrefixZeroPadded(credentials.getEcKeyPair().getPrivateKey(), 64));
    }

    private static String address(int account) {
        return HardhatAccounts.account(account).getAddress();
    }

    /** Two features; the label says whether the point lies above the line y = x (a little noise keeps it honest). */
    private static void writeDataset(Path file, int rows) throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < rows; i++) {
            double x = random.nextDouble() * 10;
            double y = random.nextDouble() * 10;
            // The line is off the origin, so the weak trainer's barely trained model (small weights, no bias yet)
            // scores well below the good one's whatever the split: the good trainer's claim is the best.
            boolean above = y > x + 3 ^ random.nextDouble() < 0.05;
            csv.append(String.format("%.3f,%.3f,%s%n", x, y, above ? "above" : "below"));
        }
        Files.writeString(file, csv);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
