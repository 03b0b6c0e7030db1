package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * {@code verify} when the verifier cannot make a run (its store serves the best honest candidate's model
 * corrupt): it attests the rejection judged before, nothing about that candidate, says why and to run it again,
 * and exits with 1; run again once the store is whole, it accepts the candidate.
 */
@ExtendWith(LocalChainExtension.class)
class CliVerifyIT {
    @TempDir
    static Path work;

    private static LocalChain chain;

    @Test
    void aRunTheVerifierCannotMakeAttestsNothingAboutThatCandidateAndVerifyRunAgainFinishes() throws Exception {
        Path storeFolder = work.resolve("ipfs");
        Bounties bounties = new Bounties(chain, new LocalContentStore(storeFolder), work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 5);
        Bounties.Bounty bounty = bounties.create(csv);
        Path model = Files.write(work.resolve("honest.onnx"), TestModels.pickLargestOfThree());
        Path notAModel = Files.write(work.resolve("broken.onnx"), new byte[] {0});
        Bounties.Entry liar = bounties.commitModel(bounty, HardhatAccounts.account(5), notAModel);
        Bounties.Entry honest = bounties.commitModel(bounty, HardhatAccounts.account(6), model);
        bounties.playToVerifying(bounty, List.of(liar, honest), List.of(bounty.labels(), ChainCli.predictions(model, bounty.testInputs())));
        Path honestModelBlock = storeFolder.resolve("blocks").resolve(honest.modelCid);
        byte[] intact = Files.readAllBytes(honestModelBlock);
        byte[] corrupt = intact.clone();
        corrupt[corrupt.length / 2] ^= 1;
        Files.write(honestModelBlock, corrupt);

        CliProcess.Result stopped = verify(bounty, storeFolder);

        assertThat(stopped.exit()).as(stopped.out() + stopped.err()).isEqualTo(1);
        assertThat(stopped.out()).contains("candidate " + liar.address() + ": rejected").containsPattern("attestVerification 1 rejected +gas")
                .contains("candidate " + honest.address() + ": inconclusive").doesNotContain("accepted");
        assertThat(stopped.err()).contains("  re-run " + liar.address() + " ...", "  re-run " + honest.address() + " ...")
                .contains("error: The verifier could not run the model of " + honest.address()
                + ": the content store did not give its model " + honest.modelCid).endsWith("Nothing was attested about it or the candidates after it "
                + "(the rejections before it were); run `modelmarket verify " + bounty.id().toHex() + "` again." + System.lineSeparator());
        assertThat(chain.marketAs(HardhatAccounts.account(0)).rankedCandidates(bounty.idBytes(), BigInteger.TEN).send().component1())
                .containsExactly(honest.trainer.getAddress()); // the liar is rejected; the honest one undecided

        Files.write(honestModelBlock, intact);
        CliProcess.Result finished = verify(bounty, storeFolder);

        assertThat(finished.exit()).as(finished.out() + finished.err()).isZero();
        assertThat(finished.out()).contains("candidate " + honest.address() + ": accepted", "attestVerification 0 rejected, 1 accepted",
                "is now Challenging"); // two candidates revealed: the proposal is open to dispute
    }

    private static CliProcess.Result verify(Bounties.Bounty bounty, Path store) throws Exception {
        String key = Numeric.toHexStringWithPrefixZeroPadded(Bounties.VERIFIER.getEcKeyPair().getPrivateKey(), 64);
        return new CliProcess(work).run(Map.of("MODELMARKET_PRIVATE_KEY", key), List.of("verify", bounty.id().toHex(), "--store", store.toString(),
                "--rpc", chain.node.rpcUrl(), "--deployment", chain.deploymentFile().toString()));
    }

}
