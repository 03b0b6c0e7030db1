package io.modelmarket.cli;

import static io.modelmarket.cli.ChainCli.assertFails;
import static io.modelmarket.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.verify.BrokenModels;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The CLI plays a mixed-column classification bounty: an age with missing cells, a colour (categorical, with missing
 * cells) and a zip code named categorical with {@code --categorical}; the label is "yes" exactly for red. The one trainer
 * commits a model built in the test with the ONNX protobuf classes (float input {@code num}, string input {@code cat},
 * {@code CategoryMapper}), predicts, claims every row, reveals, and the verifier's re-run reproduces it: it wins. The
 * baseline trains on the same bounty, and a file with a feature column missing in every row is refused by name.
 */
@ExtendWith(LocalChainExtension.class)
class CliMixedColumnsIT {
    private static final Credentials REQUESTER = HardhatAccounts.account(1);
    private static final Credentials TRAINER = HardhatAccounts.account(2);
    private static final Credentials VERIFIER = HardhatAccounts.account(4);
    private static final BigInteger REWARD = MDC.multiply(BigInteger.valueOf(100));
    private static final BigInteger STAKE = MDC.multiply(BigInteger.TEN);
    /** More than a window: the model deadline is the window plus the CLI's minute for mining. */
    private static final long PAST_THE_MODEL_DEADLINE = 3600 + 120;
    private static final long A_WINDOW = 3601;
    private static final int TEST_SIZE = 150;

    @TempDir
    static Path work;

    private static LocalChain chain;

    @Test
    void aModelBuiltOutsideTheTrainerWinsAMixedColumnBounty() throws Exception {
        ChainCli cli = new ChainCli(work, chain);
        chain.fund(REQUESTER.getAddress(), REWARD.add(STAKE).add(MDC)); // and 1 MDC for the refused bounty, which fails after the balance check
        chain.fund(TRAINER.getAddress(), STAKE);
        writeDataset(work.resolve("data.csv"));
        Files.writeString(work.resolve("empty-column.csv"), "age,note,label\n" + "1,,no\n2, ,yes\n".repeat(300));
        assertFails(cli.run(REQUESTER, "bounty", "create", "--data", "empty-column.csv", "--title", "t", "--reward", "1", "--model-deadline", "1h",
                "--window", "1h", "--min-score", "60", "--verifier", VERIFIER.getAddress(), "--kit", "refused-kit.json"),
                "error: empty-column.csv: feature column 'note' (2) has no value in any row");

        // classes no (0) and yes (1); the row is [age, colour code, zip code], a code being 0 for "red" and -1 for anything else
        Files.write(work.resolve("red.onnx"), BrokenModels.mixed(1, 2, List.of("red"), new float[][] {{0, 0}, {-1, 0}, {0, 0}}, new float[] {0, 0.5f}));

        CliProcess.Result created = cli.ok(REQUESTER, "bounty", "create", "--data", "data.csv", "--categorical", "zip", "--test-fraction", "0.25",
                "--title", "Red or not", "--reward", "100", "--stake", "10", "--model-deadline", "1h", "--window", "1h", "--min-score", "90%",
                "--verifier", VERIFIER.getAddress(), "--kit", "reveal-kit.json");
        assertThat(created.out()).contains(TEST_SIZE + " test rows (sealed), 2 classes", "features: 1 numeric, 2 categorical (colour, zip)");
        String bounty = created.line("bounty");
        cli.ok(TRAINER, "train", "baseline", "--bounty", bounty, "--out", "baseline");
        assertThat(work.resolve("baseline/model.onnx")).isNotEmptyFile();
        cli.ok(TRAINER, "commit", bounty, "--model", "red.onnx", "--kit", "trainer-kit.json");

        chain.node.increaseTime(PAST_THE_MODEL_DEADLINE);
        cli.ok(REQUESTER, "bounty", "release", "--kit", "reveal-kit.json");
        cli.ok(TRAINER, "predict", "--kit", "trainer-kit.json", "--model", "red.onnx");
        cli.ok(TRAINER, "commit-predictions", "--kit", "trainer-kit.json");
        chain.node.increaseTime(A_WINDOW);
        cli.ok(REQUESTER, "bounty", "reveal", "--kit", "reveal-kit.json");
        assertThat(cli.ok(TRAINER, "claim", "--kit", "trainer-kit.json").out()).contains("claimed " + TEST_SIZE + " of " + TEST_SIZE);
        chain.node.increaseTime(A_WINDOW);
        cli.ok(TRAINER, "reveal", "--kit", "trainer-kit.json", "--model", "red.onnx");
        chain.node.increaseTime(A_WINDOW);
        assertThat(cli.ok(VERIFIER, "verify", bounty).out()).contains("candidate " + TRAINER.getAddress().toLowerCase() + ": accepted",
                "Its model reproduced all " + TEST_SIZE + " revealed predictions; it is right on " + TEST_SIZE + " of them.", "is now Completed");
        cli.ok(REQUESTER, "advance", bounty);
        cli.ok(TRAINER, "withdraw");
        assertThat(cli.ok(TRAINER, "balance", "--wei").out().strip()).isEqualTo(TRAINER.getAddress() + " " + STAKE.add(REWARD) + " 0");
        CliProcess.Result audit = cli.run(REQUESTER, "audit", bounty);
        assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out()).contains("PASS  data.split", "PASS  model.reproduces[" + TRAINER.getAddress().toLowerCase() + "]");

    }

    /** 600 rows: an age (one in ten missing), a colour (one in twenty missing), a zip code with a leading zero; yes exactly for red. */
    private static void writeDataset(Path file) throws Exception {
        Random random = new Random(22);
        String[] colours = {"red", "green", "blue"};
        StringBuilder csv = new StringBuilder("age,colour,zip,label\n");
        for (int row = 0; row < 600; row++) {
            String colour = random.nextInt(20) == 0 ? "" : colours[random.nextInt(colours.length)];
            csv.append(random.nextInt(10) == 0 ? "" : Integer.toString(18 + random.nextInt(60))).append(',').append(colour).append(',')
                    .append(String.format(Locale.ROOT, "%05d", 1000 + random.nextInt(50))).append(',').append(colour.equals("red") ? "yes" : "no")
                    .append('\n');
        }
        Files.writeString(file, csv);
    }
}
