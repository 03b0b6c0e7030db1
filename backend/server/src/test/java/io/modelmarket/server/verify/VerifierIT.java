package io.modelmarket.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.indexer.ChainIndexer;
import io.modelmarket.server.testing.BaselineModels;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The verifier against what the protocol leaves to it, on the embedded content store: a trainer that reveals the best
 * claim but never publishes its model (so that nothing can be re-run, and a silent verifier would let it win)
 * is rejected, and the next candidate, whose model reproduces, is proposed and wins once Challenging passes
 * undisputed; a bounty whose only candidate's model does not reproduce its predictions ends without a winner (the
 * verifier proposes nobody). Rejected candidates are burned when settled. A run the verifier cannot make (its store
 * serves the model corrupt) attests nothing about that candidate, shows in the bounty API and health, and is retried.
 * With {@code dispute-proposals} on, the server disputes a silent verifier's default whose model does not reproduce,
 * with its re-runs as evidence, and leaves alone a default they confirm and its own proposals.
 */
@ExtendWith(LocalChainExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VerifierIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR_TOKEN = "verifier-it-operator";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static LocalChain chain;
    private static Path serverIpfs;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        LocalChainProperties.register(registry, chain);
        TestDatabaseProperties.register(registry, "verifier-it");
        serverIpfs = Files.createTempDirectory("verifier-it-ipfs-");
        registry.add("modelmarket.ipfs.path", serverIpfs::toString);
        registry.add("modelmarket.verifier.retry-after", RETRY_AFTER::toString);
        registry.add("modelmarket.operator.token", () -> OPERATOR_TOKEN);
        registry.add("modelmarket.verifier.dispute-proposals", () -> "true");
        registry.add("modelmarket.verifier.private-key",
                () -> Numeric.toHexStringWithPrefixZeroPadded(Bounties.VERIFIER.getEcKeyPair().getPrivateKey(), 64));
    }

    @TempDir
    Path folder;

    @Autowired
    ChainIndexer indexer;

    @Autowired
    VerifierService verifier;

    @Autowired
    ProposalWatcher watcher;

    @Autowired
    ContentStore serverStore;

    @Autowired
    TestRestTemplate http;

    @Test
    void aWithheldModelIsRejectedAndAModelThatDoesNotReproduceLeavesNoWinner() throws Exception {
        LocalContentStore participants = new LocalContentStore(folder.resolve("participants-ipfs"));
        Bounties bounties = new Bounties(chain, participants, folder);
        Path csv = folder.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 23);
        Bounties.Bounty withheld = bounties.create(csv);
        Bounties.Bounty lone = bounties.create(csv);
        for (Bounties.Bounty bounty : new Bounties.Bounty[] {withheld, lone}) { // the requesters' uploads
            publish(participants, bounty.sealedTestInputsCid());
            publish(participants, bounty.metadataCid());
        }
        ClassList classes = new ClassList(withheld.metadata().classes());
        Path model = BaselineModels.trainOn(withheld, participants, folder.resolve("model.onnx"));
        Path withheldModel = Files.copy(model, folder.resolve("withheld.onnx"));
        Files.write(withheldModel, new byte[] {0}, StandardOpenOption.APPEND); // another CID, never published

        Bounties.Entry withholder = bounties.commitModel(withheld, HardhatAccounts.account(3), withheldModel);
        Bounties.Entry honest = bounties.commitModel(withheld, HardhatAccounts.account(4), model);
        Bounties.Entry pretender = bounties.commitModel(lone, HardhatAccounts.account(5), model);
        bounties.passModelDeadline(lone); // the later deadline of the two
        bounties.releaseKey(withheld);
        bounties.releaseKey(lone);
        bounties.commitPredictions(withheld, withholder, withheld.labels()); // the best claim, from no model anyone can run
        bounties.commitPredictions(withheld, honest, BaselineModels.predict(model, withheld.testInputs(), Bounties.FEATURES.size(), classes.size()));
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
        // Each attestation ends the verifier's round with a proposal open to dispute for a window: the honest trainer
        // among two candidates, nobody for the lone one.
        JsonNode proposed = JSON.readTree(http.getForObject("/api/bounties/" + withheld.id().toHex(), String.class));
        assertThat(proposed.path("bounty").path("phase").asText()).isEqualTo("Challenging");
        assertThat(proposed.path("proposal").path("winner").asText()).isEqualTo(honest.address());
        JsonNode proposedNobody = JSON.readTree(http.getForObject("/api/bounties/" + lone.id().toHex(), String.class));
        assertThat(proposedNobody.path("bounty").path("phase").asText()).isEqualTo("Challenging");
        assertThat(proposedNobody.path("proposal").path("winner").isNull()).isTrue();
        assertThat(proposedNobody.path("proposal").path("source").asText()).isEqualTo("verifier");
        bounties.endChallenging(withheld); // nobody disputes
        bounties.advance(lone);
        bounties.settle(withheld, withholder); // a candidate ranked before the winner is burned when settled
        bounties.settle(lone, pretender);
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

    @Test
    void aRunTheVerifierCannotMakeAttestsNothingAboutThatCandidateShowsWhyAndIsRetried() throws Exception {
        LocalContentStore participants = new LocalContentStore(folder.resolve("participants-ipfs"));
        Bounties bounties = new Bounties(chain, participants, folder);
        Path csv = folder.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 29);
        Bounties.Bounty bounty = bounties.create(csv);
        publish(participants, bounty.sealedTestInputsCid());
        publish(participants, bounty.metadataCid());
        ClassList classes = new ClassList(bounty.metadata().classes());
        Path model = BaselineModels.trainOn(bounty, participants, folder.resolve("model.onnx"));
        Path broken = Files.write(folder.resolve("broken.onnx"), new byte[] {0}); // not a model: refused, the trainer's fault

        Bounties.Entry liar = bounties.commitModel(bounty, HardhatAccounts.account(6), broken);
        Bounties.Entry honest = bounties.commitModel(bounty, HardhatAccounts.account(7), model);
        bounties.playToVerifying(bounty, List.of(liar, honest),
                List.of(bounty.labels(), BaselineModels.predict(model, bounty.testInputs(), Bounties.FEATURES.size(), classes.size())));
        publish(participants, Cid.parse(liar.modelCid));
        publish(participants, Cid.parse(honest.modelCid));
        indexer.pollOnce();
        Path honestModelBlock = serverIpfs.resolve("blocks").resolve(honest.modelCid);
        byte[] intact = Files.readAllBytes(honestModelBlock);
        byte[] corrupt = intact.clone();
        corrupt[corrupt.length / 2] ^= 1;
        Files.write(honestModelBlock, corrupt); // the server's store now serves other bytes than the CID names

        assertThat(verifier.verifyPending()).isEqualTo(1); // the liar's rejection, judged before: nothing about the honest one
        indexer.pollOnce();
        JsonNode waiting = JSON.readTree(http.getForObject("/api/bounties/" + bounty.id().toHex(), String.class));
        assertThat(waiting.path("bounty").path("phase").asText()).isEqualTo("Verifying");
        String problem = "The verifier could not run the model of " + honest.address() + ": the content store did not give its model " + honest.modelCid;
        assertThat(waiting.path("verifierProblem").asText()).startsWith(problem)
                .endsWith("Nothing is attested about it or the candidates after it; the verifier tries again in 2 s.");
        JsonNode health = JSON.readTree(operatorGet("/actuator/health")).path("components").path("verifier");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("problems").path(bounty.id().toHex()).asText()).startsWith(problem);
        assertThat(health.path("details").path("status").asText()).startsWith("Bounty " + bounty.id().toHex() + ": " + problem);
        JsonNode standings = JSON.readTree(http.getForObject("/api/bounties/" + bounty.id().toHex() + "/leaderboard", String.class));
        assertThat(standings.get(0).path("trainer").asText()).isEqualTo(liar.address());
        assertThat(standings.get(0).path("reproduced").asBoolean()).isFalse();
        assertThat(standings.get(0).path("slashed").isNull()).isTrue(); // burned only when settled, once the bounty ends
        assertThat(standings.get(1).path("reproduced").isNull()).isTrue(); // not attested either way
        assertThat(standings.get(1).path("slashed").isNull()).isTrue();
        try (InputStream in = serverStore.cat(Cid.parse(standings.get(0).path("reportCid").asText()))) {
            JsonNode report = JSON.readTree(in.readAllBytes());
            assertThat(report.path("schema").asText()).isEqualTo("modelmarket/verification-report/1");
            assertThat(report.path("acceptBest").asBoolean()).isFalse();
            assertThat(report.path("candidates")).hasSize(1); // the inconclusive run is in no report
            assertThat(report.path("candidates").get(0).path("explanation").asText()).startsWith("Its model cannot be run within the documented limits: ");
        }

        assertThat(verifier.verifyPending()).isZero(); // it waits before it tries again
        Files.write(honestModelBlock, intact);
        Thread.sleep(RETRY_AFTER.toMillis() + 100);
        assertThat(verifier.verifyPending()).isEqualTo(1);
        indexer.pollOnce();
        JsonNode proposed = JSON.readTree(http.getForObject("/api/bounties/" + bounty.id().toHex(), String.class));
        assertThat(proposed.path("bounty").path("phase").asText()).isEqualTo("Challenging"); // two candidates: open to dispute
        assertThat(proposed.path("proposal").path("winner").asText()).isEqualTo(honest.address());
        bounties.endChallenging(bounty);
        indexer.pollOnce();
        JsonNode completed = JSON.readTree(http.getForObject("/api/bounties/" + bounty.id().toHex(), String.class));
        assertThat(completed.path("bounty").path("phase").asText()).isEqualTo("Completed");
        assertThat(completed.path("bounty").path("winner").asText()).isEqualTo(honest.address());
        assertThat(completed.path("verifierProblem").isNull()).isTrue();
        assertThat(JSON.readTree(operatorGet("/actuator/health")).at("/components/verifier/details/problems").isEmpty()).isTrue();
    }

    @Test
    void aDefaultWinnerWhoseModelDoesNotReproduceIsDisputedWithTheReRunsAsEvidence() throws Exception {
        LocalContentStore participants = new LocalContentStore(folder.resolve("participants-ipfs"));
        Bounties bounties = new Bounties(chain, participants, folder);
        Path csv = folder.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 31);
        Credentials silentVerifier = HardhatAccounts.account(8);
        Bounties.Bounty wrong = bounties.create(csv, Bounties.REQUESTER, silentVerifier);
        Bounties.Bounty right = bounties.create(csv, Bounties.REQUESTER, silentVerifier);
        ClassList classes = new ClassList(wrong.metadata().classes());
        Path model = BaselineModels.trainOn(wrong, participants, folder.resolve("model.onnx"));
        Bounties.Entry liar = bounties.commitModel(wrong, HardhatAccounts.account(3), model);
        Bounties.Entry honest = bounties.commitModel(wrong, HardhatAccounts.account(4), model);
        Bounties.Entry first = bounties.commitModel(right, HardhatAccounts.account(5), model);
        Bounties.Entry second = bounties.commitModel(right, HardhatAccounts.account(6), model);
        byte[] wrongPredictions = BaselineModels.predict(model, wrong.testInputs(), Bounties.FEATURES.size(), classes.size());
        byte[] rightPredictions = BaselineModels.predict(model, right.testInputs(), Bounties.FEATURES.size(), classes.size());
        bounties.passModelDeadline(right); // the later deadline of the two
        bounties.releaseKey(wrong);
        bounties.releaseKey(right);
        bounties.commitPredictions(wrong, liar, wrong.labels()); // the best claim, which its model does not reproduce
        bounties.commitPredictions(wrong, honest, wrongPredictions);
        bounties.commitPredictions(right, first, rightPredictions);
        bounties.commitPredictions(right, second, rightPredictions);
        bounties.passWindow();
        bounties.revealGroundTruth(wrong);
        bounties.revealGroundTruth(right);
        for (Bounties.Entry entry : List.of(liar, honest)) {
            bounties.claimScore(wrong, entry);
        }
        for (Bounties.Entry entry : List.of(first, second)) {
            bounties.claimScore(right, entry);
        }
        bounties.passWindow();
        for (Bounties.Entry entry : List.of(liar, honest)) {
            bounties.revealSubmission(wrong, entry);
        }
        for (Bounties.Entry entry : List.of(first, second)) {
            bounties.revealSubmission(right, entry);
        }
        bounties.passWindow();
        for (Bounties.Bounty bounty : new Bounties.Bounty[] {wrong, right}) {
            publish(participants, bounty.sealedTestInputsCid());
            publish(participants, bounty.metadataCid());
        }
        publish(participants, Cid.parse(honest.modelCid)); // every entry committed the same model
        bounties.passWindow(); // the verifier stays silent: its default, the head of the ranking, is open to dispute
        String server = verifier.address();
        chain.fund(server, Bounties.STAKE); // the dispute's deposit
        indexer.pollOnce();

        List<BigInteger> raised = watcher.disputePending();
        assertThat(raised).hasSize(1);
        assertThat(watcher.disputePending()).isEmpty(); // disputed once; the confirmed default and its own proposals are left alone
        indexer.pollOnce();
        JsonNode disputed = JSON.readTree(http.getForObject("/api/bounties/" + wrong.id().toHex(), String.class));
        assertThat(disputed.path("bounty").path("phase").asText()).isEqualTo("Disputed");
        assertThat(disputed.path("proposal").path("winner").asText()).isEqualTo(liar.address());
        JsonNode dispute = disputed.path("disputes").get(0);
        assertThat(dispute.path("disputer").asText()).isEqualTo(server);
        String evidenceUri = disputed.path("evidence").get(0).path("uri").asText();
        JsonNode evidence = JSON.readTree(serverStore.cat(Cid.parse(evidenceUri.substring("/ipfs/".length()))).readAllBytes());
        assertThat(evidence.path("description").asText()).contains("the best revealed candidate whose model reproduces its predictions is "
                + honest.address() + " (ruling 2)", "the proposal is that " + liar.address() + " wins");
        JsonNode report = JSON.readTree(serverStore.cat(Cid.parse(evidence.path("fileURI").asText().substring("/ipfs/".length()))).readAllBytes());
        assertThat(report.path("candidates").get(0).path("trainer").asText()).isEqualTo(liar.address());
        assertThat(report.path("candidates").get(0).path("verdict").asText()).isEqualTo("rejected");
        assertThat(report.path("candidates").get(1).path("verdict").asText()).isEqualTo("accepted");
        assertThat(bounty(right).path("phase").asText()).isEqualTo("Challenging");

        bounties.rule(raised.get(0), 2); // the arbitrator agrees: the honest trainer wins
        indexer.pollOnce();
        assertThat(bounty(wrong).path("phase").asText()).isEqualTo("Completed");
        assertThat(bounty(wrong).path("winner").asText()).isEqualTo(honest.address());
        JsonNode ruled = JSON.readTree(http.getForObject("/api/bounties/" + wrong.id().toHex() + "/leaderboard", String.class)).get(1);
        assertThat(ruled.path("trainer").asText()).isEqualTo(honest.address());
        assertThat(ruled.path("ruledBest").asBoolean()).isTrue(); // the leaderboard shows the ruling, not the verifier's silence
        assertThat(chain.marketAs(Bounties.REQUESTER).feeCredits(server).send()).isEqualTo(bounties.arbitrationCost()); // its fee, repaid from the fee bond
    }

    private String operatorGet(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(OPERATOR_TOKEN);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody();
    }

    /** Copies {@code cid} from the participants' store into the server's, as the upload API does. */
    private void publish(ContentStore participants, Cid cid) throws Exception {
        try (InputStream in = participants.cat(cid)) {
            assertThat(serverStore.addAndPin(in)).isEqualTo(cid);
        }
    }

    private JsonNode bounty(Bounties.Bounty bounty) throws Exception {
        return JSON.readTree(http.getForObject("/api/bounties/" + bounty.id().toHex(), String.class)).path("bounty");
    }
}
