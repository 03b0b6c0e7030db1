package io.modelmarket.server.bounty;

import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.LocalChain;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.registry.ModelRegistry;
import io.modelmarket.server.ApiClients;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.chain.ChainIndexer;
import io.modelmarket.server.verify.VerifierService;
import io.modelmarket.train.BaselineTrainer;
import io.modelmarket.verify.InferenceSandbox;
import io.modelmarket.verify.ModelInspector;
import io.modelmarket.verify.ModelLimits;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import static io.modelmarket.contracts.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * A whole bounty through the server's API and two wallets: the requester posts a CSV naming the server as
 * verifier; the trainer downloads the training data, trains the baseline, uploads predictions and model
 * (checked before it commits), claims and reveals from its kit; the server re-runs the model, attests, and
 * registers it; the indexer shows the winner. The reward (2^64 + 1 wei) and the stake (10^30 + 7 wei) have more
 * digits than a double holds: every figure stays exact to the wei, as decimal strings in the API's JSON.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BountyFlowIT {
    private static LocalChain chain;
    /** Hardhat's account 5, the server's verifier here. */
    private static final String VERIFIER_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
    private static final BigInteger REWARD = BigInteger.TWO.pow(64).add(BigInteger.ONE);
    private static final BigInteger STAKE = BigInteger.TEN.pow(30).add(BigInteger.valueOf(7));

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        chain = LocalChain.start();
        LocalChainProperties.register(registry, chain);
        TestDatabaseProperties.register(registry, "bounty-flow-it");
        registry.add("modelmarket.verifier.private-key", () -> VERIFIER_KEY);
    }

    @AfterAll
    static void stopChain() throws Exception {
        chain.close();
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

    @Test
    void aTrainerWinsABountyThroughTheApi() throws Exception {
        Credentials requester = HardhatAccounts.account(1);
        Credentials trainer = HardhatAccounts.account(2);
        chain.fund(requester.getAddress(), MDC.multiply(BigInteger.valueOf(100)));
        chain.fund(trainer.getAddress(), STAKE);
        BigInteger now = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
        PreparedBounty bounty = Wallet.postBounty(chain, http, requester, separableCsv(), Map.of(
                "requester", requester.getAddress(), "title", "Which corner", "verifier", verifier.address(),
                "reward", REWARD.toString(), "trainerStake", STAKE.toString(),
                "submissionDeadline", now.add(BigInteger.valueOf(600)).toString(), "responseWindow", "3600", "maxSubmissions", "5"));
        indexer.pollOnce();
        String listed = http.getForObject("/api/bounties/" + bounty.bountyId(), String.class);
        assertThat(listed).contains("\"reward\":\"18446744073709551617\"", "\"trainerStake\":\"1000000000000000000000000000007\"");

        // The trainer's side: data from the gateway, a baseline model, its predictions.
        Path training = Files.write(folder.resolve("training.csv"), http.getForObject("/ipfs/" + bounty.trainingCid(), byte[].class));
        Path testInputs = Files.write(folder.resolve("test-inputs.csv"), http.getForObject("/ipfs/" + bounty.testInputsCid(), byte[].class));
        ClassList classes = new ClassList(bounty.metadata().classes());
        byte[] model = BaselineTrainer.train(training, "label", classes, BaselineTrainer.Options.defaults());
        ModelLimits limits = ModelLimits.defaults();
        int[] predicted = new InferenceSandbox(limits).predict(model, testInputs,
                new ModelInspector(limits).inspect(model, 2, classes.size(), null), classes.size());
        StringBuilder predictions = new StringBuilder("label\n");
        for (int index : predicted) {
            predictions.append(classes.names().get(index)).append('\n');
        }

        // A doctored upload is caught before anything is committed.
        String doctored = predictions.toString().replaceFirst("\n(\\w+)\n", "\n" + (predictions.toString().split("\n")[1].equals("east") ? "west" : "east") + "\n");
        ResponseEntity<Map> refused = http.postForEntity("/api/trainer/bounties/" + bounty.bountyId() + "/submissions?trainer=" + trainer.getAddress(),
                Wallet.multipart(Map.of("predictions.csv", doctored.getBytes(), "model.onnx", model), Map.of()), Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) refused.getBody().get("detail")).contains("differ from the uploaded ones on 1 rows (first: [0])");

        PreparedSubmission submission = http.postForObject("/api/trainer/bounties/" + bounty.bountyId() + "/submissions?trainer=" + trainer.getAddress(),
                Wallet.multipart(Map.of("predictions.csv", predictions.toString().getBytes(), "model.onnx", model), Map.of()), PreparedSubmission.class);
        assertThat(submission.approval().data()).endsWith(String.format("%064x", STAKE)); // approve(market, stake)
        Wallet.send(chain, trainer, submission.approval());
        Wallet.send(chain, trainer, submission.commit());

        chain.node.increaseTime(601);
        Wallet.send(chain, requester, http.postForObject("/api/requester/reveal-transaction", bounty.revealKit(), UnsignedTransaction.class));
        indexer.pollOnce();
        Wallet.send(chain, trainer, http.postForObject("/api/trainer/claim-transaction", submission.trainerKit(), UnsignedTransaction.class));
        chain.node.increaseTime(3601);
        Wallet.send(chain, trainer, http.postForObject("/api/trainer/reveal-transaction", submission.trainerKit(), UnsignedTransaction.class));

        indexer.pollOnce();
        assertThat(verifier.verifyPending()).isEqualTo(1);
        indexer.pollOnce();
        assertThat(verifier.verifyPending()).isZero(); // attested once, never twice
        Map<?, ?> detail = http.getForObject("/api/bounties/" + bounty.bountyId(), Map.class);
        assertThat(detail.get("timeline").toString()).contains("VerificationAttested");
        Map<?, ?> standing = http.getForObject("/api/bounties/" + bounty.bountyId() + "/leaderboard", Map[].class)[0];
        assertThat(standing.get("trainer")).isEqualTo(trainer.getAddress().toLowerCase());
        assertThat(standing.get("claimed")).isEqualTo(standing.get("revealedCorrect"));
        assertThat(standing.get("reproduced")).isEqualTo(true);
        assertThat(standing.get("winner")).isEqualTo(true);
        Map<?, ?> indexed = (Map<?, ?>) detail.get("bounty");
        assertThat(indexed.get("phase")).isEqualTo("Completed");
        assertThat(indexed.get("winner")).isEqualTo(trainer.getAddress().toLowerCase());
        assertThat(chain.marketAs(trainer).credits(trainer.getAddress()).send()).isEqualTo(REWARD.add(STAKE));

        // The verified model is in the registry, credited to the trainer, with its accuracy.
        var registered = registry.search("Which corner", trainer.getAddress(), 10, 0);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).cid()).isEqualTo(submission.modelCid());
        assertThat(registered.get(0).accuracy()).isGreaterThan(0.9);
    }

    /** Points near one of two centres, labelled by the nearer one: easy to learn. */
    private static byte[] separableCsv() {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            boolean east = i % 2 == 0;
            csv.append(String.format("%.3f,%.3f,%s%n", (east ? 5 : -5) + random.nextGaussian(), random.nextGaussian(), east ? "east" : "west"));
        }
        return csv.toString().getBytes();
    }
}
