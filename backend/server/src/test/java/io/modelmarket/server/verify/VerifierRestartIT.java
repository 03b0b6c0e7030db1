package io.modelmarket.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.MarketLogs;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.server.testing.BaselineModels;
import io.modelmarket.server.testing.ServerProcess;
import io.modelmarket.server.testing.Waits;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.testing.TestDatabase;
import io.modelmarket.verify.SlowModels;
import io.modelmarket.verify.TestModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * The packaged server as a bounty's verifier, killed ({@code kill -9}) while the sandbox runs a model: after the
 * restart nothing is attested twice or wrongly, and the verification ends with its proposal. Three candidates, best first: a
 * file that is no model (rejected, and sent at once: the server keeps a send margin longer than the window, so
 * every judgement goes out as it finishes), a model that loops until the sandbox's time limit (the server is
 * killed during its run; after the restart it is judged again and rejected), and an honest model, which the verifier
 * proposes (Challenging: three candidates revealed, so the proposal is open to dispute).
 */
@ExtendWith(LocalChainExtension.class)
class VerifierRestartIT {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static LocalChain chain;

    @TempDir
    static Path folder;

    @Test
    void killedDuringASandboxRunTheVerifierAttestsNothingTwiceAndProposesAfterTheRestart() throws Exception {
        LocalContentStore participants = new LocalContentStore(folder.resolve("participants-ipfs"));
        Bounties bounties = new Bounties(chain, participants, folder);
        Path csv = folder.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 31);
        Bounties.Bounty bounty = bounties.create(csv);
        Path honestModel = Files.write(folder.resolve("honest.onnx"), TestModels.pickLargestOfThree());
        Bounties.Entry notAModel = bounties.commitModel(bounty, HardhatAccounts.account(5), Files.write(folder.resolve("zero.onnx"), new byte[] {0}));
        Bounties.Entry endless = bounties.commitModel(bounty, HardhatAccounts.account(6),
                Files.write(folder.resolve("endless.onnx"), SlowModels.endlessLoop(3, 3)));
        Bounties.Entry honest = bounties.commitModel(bounty, HardhatAccounts.account(7), honestModel);
        // The two best claims (the labels themselves) rank by commit order.
        bounties.playToVerifying(bounty, List.of(notAModel, endless, honest),
                List.of(bounty.labels(), bounty.labels(), BaselineModels.predict(honestModel, bounty.testInputs(), 3, 3)));
        LocalContentStore serverStore = new LocalContentStore(folder.resolve("server-ipfs"));
        for (Cid cid : List.of(bounty.sealedTestInputsCid(), bounty.metadataCid(), Cid.parse(notAModel.modelCid), Cid.parse(endless.modelCid),
                Cid.parse(honest.modelCid))) {
            try (InputStream in = participants.cat(cid)) {
                serverStore.addAndPin(in); // the participants' uploads
            }
        }
        Map<String, String> properties = serverProperties();

        ServerProcess doomed = ServerProcess.start("verifier-restart", properties);
        try {
            Waits.until("the file that is no model is rejected", LIMIT, () -> attested(bounty).size() == 1);
            AtomicReference<List<ProcessHandle>> workers = new AtomicReference<>(List.of());
            Waits.until("the sandbox runs the looping model", LIMIT, () -> !workers.updateAndGet(seen -> sandboxWorkers(doomed)).isEmpty());
            doomed.kill();
            workers.get().forEach(ProcessHandle::destroyForcibly); // orphaned by the kill, they would loop on
        } finally {
            doomed.close();
        }
        assertThat(attested(bounty)).containsExactly(notAModel.address() + " rejected");

        try (ServerProcess restarted = ServerProcess.start("verifier-restart", properties)) {
            Waits.until("the verifier proposes a winner", LIMIT, () -> phase(bounty).equals("Challenging"));
            assertThat(restarted.log()).contains("bounty " + bounty.id().toHex() + ": rejected [" + endless.address() + "], accepted nobody");
        }
        assertThat(attested(bounty)).containsExactly(notAModel.address() + " rejected", endless.address() + " rejected",
                honest.address() + " accepted");
        assertThat(chain.marketAs(HardhatAccounts.account(0)).getBounty(bounty.idBytes()).send().winner).isEqualToIgnoringCase(honest.address());
    }

    /** The packaged server as the bounty's verifier, on a database that outlives it; a run ends after 15 s. */
    private static Map<String, String> serverProperties() throws Exception {
        Map<String, String> properties = new HashMap<>();
        boolean postgresql = TestDatabase.postgresql();
        properties.put("spring.datasource.url", postgresql ? TestDatabase.newDatabaseUrl("verifier-restart")
                : "jdbc:h2:file:" + folder.resolve("db").resolve("modelmarket") + ";AUTO_SERVER=FALSE");
        properties.put("spring.datasource.username", TestDatabase.user());
        properties.put("modelmarket.chain.rpc-url", chain.node.rpcUrl());
        properties.put("modelmarket.chain.deployment-file", chain.deploymentFile().toString());
        properties.put("modelmarket.chain.poll-interval", "200ms");
        properties.put("modelmarket.indexer.duration", "2s");
        properties.put("modelmarket.ipfs.path", folder.resolve("server-ipfs").toString());
        properties.put("modelmarket.models.timeout", "15s");
        properties.put("modelmarket.verifier.send-margin", "2h");
        properties.put("modelmarket.verifier.private-key", Numeric.toHexStringWithPrefixZeroPadded(Bounties.VERIFIER.getEcKeyPair().getPrivateKey(), 64));
        return properties;
    }

    /** The bounty's {@code VerificationAttested} events, in chain order, as "trainer verdict". */
    private static List<String> attested(Bounties.Bounty bounty) throws Exception {
        return new MarketLogs(chain.web3j, chain.marketAddress, chain.deployBlock).of(BountyMarket.VERIFICATIONATTESTED_EVENT, bounty.id().toHex())
                .stream().map(VerifierRestartIT::verdict).toList();
    }

    private static String verdict(MarketEvent event) {
        return event.address("trainer") + (event.fields().path("reproduced").asBoolean() ? " accepted" : " rejected");
    }

    private static String phase(Bounties.Bounty bounty) throws Exception {
        return MarketEnums.phase(chain.marketAs(HardhatAccounts.account(0)).phaseOf(bounty.idBytes()).send().intValue());
    }

    /** The server's sandbox workers alive now. */
    private static List<ProcessHandle> sandboxWorkers(ServerProcess server) {
        return ProcessHandle.of(server.pid()).stream().flatMap(ProcessHandle::descendants)
                .filter(process -> process.info().commandLine().orElse("").contains("InferenceWorker")).toList();
    }
}
