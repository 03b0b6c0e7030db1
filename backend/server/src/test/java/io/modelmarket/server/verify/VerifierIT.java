package io.modelmarket.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.V2Bounties;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.indexer.ChainIndexer;
import io.modelmarket.server.testing.BaselineModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.utils.Numeric;

/**
 * The verifier against what v2 leaves to it, on the embedded content store: a trainer that reveals the best
 * claim but never publishes its model (so that nothing can be re-run, and a silent verifier would let it win)
 * is rejected, and the next candidate, whose model reproduces, wins; a bounty whose only candidate's model does
 * not reproduce its predictions ends without a winner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VerifierIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalChain chain;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        chain = LocalChain.start();
        LocalChainProperties.register(registry, chain);
        TestDatabaseProperties.register(registry, "verifier-it");
        String serverIpfs = Files.createTempDirectory("verifier-it-ipfs-").toString();
        registry.add("modelmarket.ipfs.path", () -> serverIpfs);
        registry.add("modelmarket.verifier.private-key",
                () -> Numeric.toHexStringWithPrefixZeroPadded(V2Bounties.VERIFIER.getEcKeyPair().getPrivateKey(), 64));
    }

    @AfterAll
    static void stopChain() throws Exception {
        chain.close();
    }

    @TempDir
    Path folder;

    @Autowired
    ChainIndexer indexer;

    @Autowired
    VerifierService verifier;

    @Autowired
    ContentStore serverStore;

    @Autowired
    TestRestTemplate http;

    @Test
    void aWithheldModelIsRejectedAndAModelThatDoesNotReproduceLeavesNoWinner() throws Exception {
        LocalContentStore participants = new LocalContentStore(folder.resolve("participants-ipfs"));
        V2Bounties bounties = new V2Bounties(chain, participants, folder);
        Path csv = folder.resolve("data.csv");
        V2Bounties.writeDataset(csv, 400, 23);
        V2Bounties.Bounty withheld = bounties.create(csv);
        V2Bounties.Bounty lone = bounties.create(csv);
        for (V2Bounties.Bounty bounty : new V2Bounties.Bounty[] {withheld, lone}) { // the requesters' uploads
            publish(participants, bounty.sealedTestInputsCid());
            publish(participants, bounty.metadataCid());
        }
        ClassList classes = new ClassList(withheld.metadata().classes());
        Path training = folder.resolve("training.csv");
        try (InputStream in = participants.cat(withheld.trainingCid())) {
            Files.copy(in, training);
        }
        Path model = BaselineModels.train(training, classes, folder.resolve("model.onnx"));
        Path withheldModel = BaselineModels.train(training, classes, folder.resolve("withheld.onnx"));
        Files.write(withheldModel, new byte[] {0}, StandardOpenOption.APPEND); // another CID, never published

        V2Bounties.Entry withholder = bounties.commitModel(withheld, HardhatAccounts.account(3), withheldModel);
        V2Bounties.Entry honest = bounties.commitModel(withheld, HardhatAccounts.account(4), model);
        V2Bounties.Entry pretender = bounties.commitModel(lone, HardhatAccounts.account(5), model);
        bounties.passModelDeadline(lone); // the later deadline of the two
        bounties.releaseKey(withheld);
        bounties.releaseKey(lone);
        bounties.commitPredictions(withheld, withholder, withheld.labels()); // the best claim, from no model anyone can run
        bounties.commitPredictions(withheld, honest, BaselineModels.predict(model, withheld.testInputs(), V2Bounties.FEATURES.size(), classes.size()));
        bounties.commitPredictions(lone, pretender, lone.labels()); // not what its model predicts
        bounties.passWindow();
        bounties.revealGroundTruth(withheld);
        bounties.revealGroundTruth(lone);
        bounties.claimScore(withheld, withholder);
        bounties.claimScore(withheld, honest);
        bounties.claimScore(lone, pretender);
        bounties.passWindow();
        bounties.revealSubmission(withheld, withholder); // into its own store only: the server never gets the model
        bounties.revealSubmission(withheld, honest);
        bounties.revealSubmission(lone, pretender);
        publish(participants, Cid.parse(honest.modelCid)); // uploaded at its reveal (the pretender's is the same file)
        bounties.passWindow();
        indexer.pollOnce();

        assertThat(verifier.verifyPending()).isEqualTo(2); // one attestation per bounty
        indexer.pollOnce();
        JsonNode completed = bounty(withheld);
        assertThat(completed.path("phase").asText()).isEqualTo("Completed");
        assertThat(completed.path("winner").asText()).isEqualTo(honest.address());
        JsonNode standings = JSON.readTree(http.getForObject("/api/bounties/" + withheld.id().toHex() + "/leaderboard", String.class));
        assertThat(standings.get(0).path("trainer").asText()).isEqualTo(withholder.address());
        assertThat(standings.get(0).path("slashed").asText()).isEqualTo("NotReproduced");
        try (InputStream in = serverStore.cat(Cid.parse(standings.get(0).path("reportCid").asText()))) {
            JsonNode report = JSON.readTree(in.readAllBytes());
            assertThat(report.path("candidates").get(0).path("result").path("failure").asText())
                    .isEqualTo("the model " + withholder.modelCid + " is not available from the content store");
            assertThat(report.path("candidates").get(1).path("verdict").asText()).isEqualTo("accepted");
        }

        JsonNode noWinner = bounty(lone);
        assertThat(noWinner.path("phase").asText()).isEqualTo("NoWinner");
        assertThat(noWinner.path("winner").isNull()).isTrue();
        JsonNode rejected = JSON.readTree(http.getForObject("/api/bounties/" + lone.id().toHex() + "/leaderboard", String.class)).get(0);
        assertThat(rejected.path("reproduced").asBoolean()).isFalse();
        assertThat(rejected.path("slashed").asText()).isEqualTo("NotReproduced");
        assertThat(verifier.verifyPending()).isZero();
    }

    /** Copies {@code cid} from the participants' store into the server's, as the upload API does. */
    private void publish(ContentStore participants, Cid cid) throws Exception {
        try (InputStream in = participants.cat(cid)) {
            assertThat(serverStore.addAndPin(in)).isEqualTo(cid);
        }
    }

    private JsonNode bounty(V2Bounties.Bounty bounty) throws Exception {
        return JSON.readTree(http.getForObject("/api/bounties/" + bounty.id().toHex(), String.class)).path("bounty");
    }
}
