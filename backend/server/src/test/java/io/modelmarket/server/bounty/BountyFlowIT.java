package io.modelmarket.server.bounty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.seal.TestInputsSeal;
import io.modelmarket.server.ApiClients;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.indexer.ChainIndexer;
import io.modelmarket.server.registry.ModelRegistry;
import io.modelmarket.server.testing.BaselineModels;
import io.modelmarket.server.testing.LoopbackProxy;
import io.modelmarket.server.verify.VerifierService;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.JsIpfsNode;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.utils.Numeric;

/**
 * A whole bounty with the server as its verifier, the participants played by the shared {@link Bounties}
 * fixture with their own content store (their browser's), so that the server learns files only through its
 * upload API, and never a secret: the requester uploads the training data, the sealed test inputs and the
 * metadata under the CIDs it committed to; a trainer's model is refused before its reveal and taken after.
 * One trainer predicts honestly with its model; a cheater commits the same model but predicts the labels it
 * somehow knows. The server indexes every phase (derived from the chain's clock), opens the sealed inputs with
 * the released key, runs both models best first, rejects the cheater and accepts the honest trainer in one
 * attestation: its proposal. The cheater disputes it with evidence; the server shows Challenging, then Disputed
 * with the dispute and its evidence, and the ruling that upholds the proposal; it registers the winner's model. Content lives on a real IPFS node (js-ipfs), which goes away
 * during an upload and during the verification: refused with a clear error, nothing attested meanwhile, and
 * all resumes when it is back; a verifier that lost its ledger row finds its attestation on chain.
 */
@ExtendWith(LocalChainExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BountyFlowIT {
    private static LocalChain chain;
    private static final String OPERATOR_TOKEN = "bounty-flow-operator-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A real IPFS daemon, reached through a relay the test cuts to take the node away. */
    private static JsIpfsNode ipfs;
    private static LoopbackProxy ipfsLink;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        LocalChainProperties.register(registry, chain);
        ipfs = JsIpfsNode.start(Files.createTempDirectory("bounty-flow-ipfs-"));
        ipfsLink = new LoopbackProxy(ipfs.apiUrl().getPort());
        registry.add("modelmarket.ipfs.mode", () -> "kubo");
        registry.add("modelmarket.ipfs.kubo-url", () -> "http://127.0.0.1:" + ipfsLink.port());
        TestDatabaseProperties.register(registry, "bounty-flow-it");
        // The fixture's verifier: the server verifies as that account.
        registry.add("modelmarket.verifier.private-key",
                () -> Numeric.toHexStringWithPrefixZeroPadded(Bounties.VERIFIER.getEcKeyPair().getPrivateKey(), 64));
        registry.add("modelmarket.operator.token", () -> OPERATOR_TOKEN);
    }

    @AfterAll
    static void stopChain() throws Exception {
        ipfsLink.close();
        ipfs.close();
    }

    @TempDir
    Path folder;

    @Autowired
    TestRestTemplate http;

    @BeforeEach
    void sendTheClientHeader() {
        ApiClients.asApiClient(http);
    }

    @Autowired
    ChainIndexer indexer;

    @Autowired
    VerifierService verifier;

    @Autowired
    ModelRegistry registry;

    @Autowired
    JdbcClient db;

    @Test
    void theServerVerifiesABountyBestFirstAndHoldsNoSecret() throws Exception {
        LocalContentStore participants = new LocalContentStore(folder.resolve("participants-ipfs"));
        Bounties bounties = new Bounties(chain, participants, folder);
        Path csv = folder.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 11);
        Bounties.Bounty bounty = bounties.create(csv);
        String id = bounty.id().toHex();
        byte[] trainingFile = participants.cat(bounty.trainingCid()).readAllBytes();

        // The requester's uploads: refused while the IPFS node is away, refused under another CID, then taken.
        ipfsLink.cut();
        assertThat(operatorHealth().getBody())
                .containsPattern("\"outage\":\"The IPFS node at http://127\\.0\\.0\\.1:\\d+ has not answered since ");
        ResponseEntity<Map> unavailable = upload("/api/files/training?cid=" + bounty.trainingCid(), trainingFile);
        assertThat(unavailable.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat((String) unavailable.getBody().get("detail")).startsWith("no IPFS node answers at http://127.0.0.1:" + ipfsLink.port());
        ipfsLink.restore();
        ResponseEntity<Map> mislabelled = upload("/api/files/sealed-test-inputs?cid=" + bounty.sealedTestInputsCid(), trainingFile);
        assertThat(mislabelled.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat((String) mislabelled.getBody().get("detail")).isEqualTo("the sealed test inputs: the body's CID is " + bounty.trainingCid()
                + ", not the stated " + bounty.sealedTestInputsCid() + "; nothing was stored");
        assertThat(upload("/api/files/training?cid=" + bounty.trainingCid(), trainingFile).getBody())
                .containsEntry("cid", bounty.trainingCid().toString());
        assertThat(upload("/api/files/sealed-test-inputs?cid=" + bounty.sealedTestInputsCid(), participants.cat(bounty.sealedTestInputsCid()).readAllBytes())
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(upload("/api/files/metadata?cid=" + bounty.metadataCid(), bounty.metadata().toJson()).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        indexer.pollOnce();
        JsonNode created = bountyJson(id);
        assertThat(created.path("phase").asText()).isEqualTo("Open");
        assertThat(created.path("sealedTestInputsCid").asText()).isEqualTo(bounty.sealedTestInputsCid().toString());
        assertThat(created.path("sealingKey").isNull()).isTrue();
        assertThat(created.path("reward").asText()).isEqualTo(Bounties.REWARD.toString());

        // A trainer trains on the public training data and commits its model; a cheater commits the same model.
        Path training = Files.write(folder.resolve("training.csv"), http.getForObject("/ipfs/" + bounty.trainingCid(), byte[].class));
        ClassList classes = new ClassList(bounty.metadata().classes());
        Path model = BaselineModels.train(training, classes, folder.resolve("model.onnx"));
        Bounties.Entry honest = bounties.commitModel(bounty, HardhatAccounts.account(3), model);
        Bounties.Entry cheater = bounties.commitModel(bounty, HardhatAccounts.account(4), model);
        ResponseEntity<Map> early = upload("/api/bounties/" + id + "/models?cid=" + honest.modelCid, Files.readAllBytes(model));
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) early.getBody().get("detail")).contains("a model is taken only once its reveal is on chain");

        // The key is released: anyone opens the sealed inputs from the gateway with it.
        bounties.passModelDeadline(bounty);
        indexer.pollOnce();
        assertThat(bountyJson(id).path("phase").asText()).isEqualTo("KeyRelease");
        bounties.releaseKey(bounty);
        indexer.pollOnce();
        JsonNode predicting = bountyJson(id);
        assertThat(predicting.path("phase").asText()).isEqualTo("Predicting");
        assertThat(predicting.path("sealingKey").asText()).isEqualTo(bounty.key().toHex());
        Path sealed = Files.write(folder.resolve("sealed"), http.getForObject("/ipfs/" + bounty.sealedTestInputsCid(), byte[].class));
        Path testInputs = folder.resolve("test-inputs.csv");
        TestInputsSeal.unseal(bounty.id(), bounty.key(), sealed, testInputs);

        bounties.commitPredictions(bounty, honest, BaselineModels.predict(model, testInputs, Bounties.FEATURES.size(), classes.size()));
        bounties.commitPredictions(bounty, cheater, bounty.labels()); // not what its model predicts
        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        bounties.claimScore(bounty, honest);
        bounties.claimScore(bounty, cheater);
        bounties.passWindow();
        bounties.revealSubmission(bounty, cheater);
        bounties.revealSubmission(bounty, honest);
        indexer.pollOnce();
        assertThat(bountyJson(id).path("phase").asText()).isEqualTo("Revealing");
        assertThat(upload("/api/bounties/" + id + "/models?cid=" + honest.modelCid, Files.readAllBytes(model)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        bounties.passWindow();
        indexer.pollOnce();
        assertThat(bountyJson(id).path("phase").asText()).isEqualTo("Verifying");
        // The IPFS node goes away during the verification: nothing is attested until it is back.
        ipfsLink.cut();
        assertThatThrownBy(verifier::verifyPending).hasMessageContaining("no IPFS node answers");
        ipfsLink.restore();
        assertThat(verifier.verifyPending()).isEqualTo(1);
        // Before the indexer has read the attestation back: the ledger knows it was sent.
        assertThat(verifier.verifyPending()).isZero();
        // A server that died after the attestation was mined but before it recorded it: the chain knows.
        db.sql("DELETE FROM verifier_attestation").update();
        assertThat(verifier.verifyPending()).isZero();
        indexer.pollOnce();
        assertThat(verifier.verifyPending()).isZero(); // attested once, never twice

        // Two candidates revealed: the verifier's acceptance is a proposal, open to dispute for a window.
        JsonNode challenging = JSON.readTree(http.getForObject("/api/bounties/" + id, String.class));
        assertThat(challenging.path("bounty").path("phase").asText()).isEqualTo("Challenging");
        assertThat(challenging.path("bounty").path("phaseDeadline").asLong()).isGreaterThan(challenging.path("bounty").path("now").asLong());
        assertThat(challenging.path("proposal").path("winner").asText()).isEqualTo(honest.address());
        assertThat(challenging.path("proposal").path("source").asText()).isEqualTo("verifier");
        assertThat(challenging.path("disputes")).isEmpty();

        // The cheater disputes it, paying the arbitration cost and depositing a stake, with evidence on IPFS.
        String evidence = bounties.publishEvidence("My model reproduces", "Re-run it: the predictions are the model's.");
        java.math.BigInteger disputeId = bounties.disputeVerification(bounty, cheater.trainer, evidence);
        indexer.pollOnce();
        JsonNode disputed = JSON.readTree(http.getForObject("/api/bounties/" + id, String.class));
        assertThat(disputed.path("bounty").path("phase").asText()).isEqualTo("Disputed");
        assertThat(disputed.path("bounty").path("phaseDeadline").asLong()).isZero();
        JsonNode dispute = disputed.path("disputes").get(0);
        assertThat(dispute.path("disputeId").asText()).isEqualTo(disputeId.toString());
        assertThat(dispute.path("kind").asText()).isEqualTo("Verification");
        assertThat(dispute.path("disputer").asText()).isEqualTo(cheater.address());
        assertThat(dispute.path("fee").asText()).isEqualTo(bounties.arbitrationCost().toString());
        assertThat(dispute.path("deposit").asText()).isEqualTo(Bounties.STAKE.toString());
        assertThat(dispute.path("ruling").isNull()).isTrue();
        assertThat(disputed.path("evidence").get(0).path("party").asText()).isEqualTo(cheater.address());
        assertThat(disputed.path("evidence").get(0).path("uri").asText()).isEqualTo(evidence);
        assertThat(disputed.path("proposal").path("winner").asText()).isEqualTo(honest.address());
        assertThat(JSON.readTree(http.getForObject("/api/config", String.class)).path("arbitrationCost").asText())
                .isEqualTo(bounties.arbitrationCost().toString());

        // The arbitrator names the honest trainer (by its commit sequence): the proposal stands, the deposit pays it.
        JsonNode ranked = JSON.readTree(http.getForObject("/api/bounties/" + id + "/leaderboard", String.class));
        long honestSequence = java.util.stream.StreamSupport.stream(ranked.spliterator(), false)
                .filter(entry -> entry.path("trainer").asText().equals(honest.address())).findFirst().orElseThrow().path("sequence").asLong();
        bounties.rule(disputeId, honestSequence);
        indexer.pollOnce();
        JsonNode ruled = JSON.readTree(http.getForObject("/api/bounties/" + id, String.class));
        assertThat(ruled.path("disputes").get(0).path("ruling").asText()).isEqualTo(Long.toString(honestSequence));
        assertThat(ruled.path("disputes").get(0).path("overturned").asBoolean()).isFalse();

        JsonNode done = ruled.path("bounty");
        JsonNode leaderboard = JSON.readTree(http.getForObject("/api/bounties/" + id + "/leaderboard", String.class));
        assertThat(leaderboard.get(0).path("trainer").asText()).isEqualTo(cheater.address()); // the better claim ranks first
        assertThat(leaderboard.get(0).path("reproduced").asBoolean()).isFalse();
        assertThat(leaderboard.get(0).path("slashed").isNull()).isTrue(); // burned when settled
        assertThat(leaderboard.get(1).path("trainer").asText()).isEqualTo(honest.address());
        assertThat(leaderboard.get(1).path("claimed").asInt()).isEqualTo(leaderboard.get(1).path("revealedScore").asInt());
        assertThat(leaderboard.get(1).path("modelCid").asText()).isEqualTo(honest.modelCid);
        assertThat(leaderboard.get(1).path("reproduced").asBoolean()).isTrue();
        assertThat(leaderboard.get(1).path("winner").asBoolean()).isTrue();
        JsonNode activity = JSON.readTree(http.getForObject("/api/bounties/" + id + "/activity", String.class));
        JsonNode last = activity.get(activity.size() - 1);
        assertThat(last.path("models").asInt()).isEqualTo(2);
        assertThat(last.path("claims").asInt()).isEqualTo(2);
        assertThat(last.path("verified").asInt()).isEqualTo(1);
        assertThat(last.path("rejected").asInt()).isEqualTo(1);
        assertThat(last.path("time").asLong()).isPositive();

        // The one report names both verdicts, best first.
        JsonNode report = JSON.readTree(http.getForObject("/ipfs/" + leaderboard.get(1).path("reportCid").asText(), byte[].class));
        assertThat(report.path("acceptBest").asBoolean()).isTrue();
        assertThat(report.path("candidates").get(0).path("verdict").asText()).isEqualTo("rejected");
        assertThat(report.path("candidates").get(1).path("verdict").asText()).isEqualTo("accepted");
        assertThat(chain.marketAs(HardhatAccounts.account(0)).credits(honest.address()).send())
                .isEqualTo(Bounties.REWARD.add(Bounties.STAKE).add(Bounties.STAKE)); // with the disputer's deposit

        // The verified model is in the registry, credited to the honest trainer, with the accuracy the chain counted
        // (its exact value depends on the split the random salt draws).
        var registered = registry.search(bounty.metadata().title(), honest.address(), 10, 0);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).cid()).isEqualTo(honest.modelCid);
        assertThat(registered.get(0).accuracy())
                .isEqualTo(leaderboard.get(1).path("revealedScore").asDouble() / done.path("testSize").asInt())
                .isGreaterThan(0.5);
    }

    private JsonNode bountyJson(String id) throws Exception {
        return JSON.readTree(http.getForObject("/api/bounties/" + id, String.class)).path("bounty");
    }

    private ResponseEntity<Map> upload(String path, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        return http.postForEntity(path, new HttpEntity<>(body, headers), Map.class);
    }

    private ResponseEntity<String> operatorHealth() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(OPERATOR_TOKEN);
        return http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
