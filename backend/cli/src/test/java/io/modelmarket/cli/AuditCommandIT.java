package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code modelmarket audit} on a bounty: it passes on the honest one, names the check a tampered sealed file fails,
 * and refuses an id the market holds no bounty for.
 */
@ExtendWith(LocalChainExtension.class)
class AuditCommandIT {
    private static LocalChain chain;
    private static Bounties.Bounty bounty;
    @TempDir
    static Path work;

    @BeforeAll
    static void playABounty() throws Exception {
        Bounties bounties = new Bounties(chain, new LocalContentStore(work.resolve("ipfs")), work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 5);
        Path model = Files.write(work.resolve("largest.onnx"), TestModels.pickLargestOfThree());
        bounty = bounties.create(csv);
        Bounties.Entry entry = bounties.commitModel(bounty, HardhatAccounts.account(3), model);
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        int[] classes = new SandboxedVerifier(ModelLimits.defaults()).predict(TestModels.pickLargestOfThree(), bounty.testInputs(), 3, 3, null);
        byte[] predictions = new byte[classes.length];
        for (int i = 0; i < classes.length; i++) {
            predictions[i] = (byte) classes[i];
        }
        bounties.commitPredictions(bounty, entry, predictions);
        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        bounties.claimScore(bounty, entry);
        bounties.passWindow();
        bounties.revealSubmission(bounty, entry);
        bounties.passWindow();
        bounties.passWindow();
        bounties.advance(bounty); // the verifier stayed silent: the best candidate wins
    }

    @Test
    void theHonestBountyPasses() {
        Run audit = audit(bounty.id().toHex(), work.resolve("ipfs"));

        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("PASS  data.sealedInputs: the released key opens its commitment and the sealed test inputs, into 100 rows",
                "PASS  payouts.noStakeToSlasher", "verdict: every check holds");
    }

    @Test
    void aTamperedSealedFileFailsDataSealedInputs() throws IOException {
        Path copy = work.resolve("tampered-ipfs");
        try (Stream<Path> files = Files.walk(work.resolve("ipfs"))) {
            for (Path from : files.toList()) {
                Files.copy(from, copy.resolve(work.resolve("ipfs").relativize(from).toString()));
            }
        }
        Path block = copy.resolve("blocks").resolve(bounty.sealedTestInputsCid().toString());
        byte[] bytes = Files.readAllBytes(block);
        bytes[0] ^= 1;
        Files.write(block, bytes);

        Run audit = audit(bounty.id().toHex(), copy);

        assertThat(audit.exit()).isEqualTo(1);
        assertThat(audit.out()).contains("FAIL  data.sealedInputs: ", "FAIL  data.files: sealed test inputs " + bounty.sealedTestInputsCid());
    }

    @Test
    void anIdWithoutABountyIsRefusedByName() {
        String unknown = "0x" + "ab".repeat(32);

        Run audit = audit(unknown, work.resolve("ipfs"));

        assertThat(audit.exit()).isNotZero();
        assertThat(audit.err()).contains("market " + chain.marketAddress + " on chain 31337 has no bounty " + unknown);
    }

    private record Run(int exit, String out, String err) {}

    private static Run audit(String bountyId, Path store) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ModelMarketCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(List.of("audit", bountyId, "--rpc", chain.node.rpcUrl(), "--market", chain.marketAddress,
                "--from-block", String.valueOf(chain.deployBlock), "--store", store.toString()).toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
