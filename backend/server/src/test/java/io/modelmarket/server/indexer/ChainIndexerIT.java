package io.modelmarket.server.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.chain.Deployment;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.chain.ChainProperties;
import io.modelmarket.server.testing.SmallBounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
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
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthLog;

/**
 * The indexer against a real Hardhat node: catch-up, a restart, events delivered twice, and a chain
 * reorganization made with evm_snapshot / evm_revert — never a missing or doubled row. And the attacks on
 * the index: an event it cannot store, a reorganization between reading a range's logs and its end hash, CIDs
 * the contract refuses (HTML) or takes while the server does not (a well-formed string that is no CID).
 */
@ExtendWith(LocalChainExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainIndexerIT {
    private static final String OPERATOR_TOKEN = "indexer-operator-token";

    private static LocalChain chain;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        LocalChainProperties.register(registry, chain);
        registry.add("modelmarket.chain.max-blocks-per-poll", () -> "3"); // several ranges per poll
        TestDatabaseProperties.register(registry, "indexer-it");
        registry.add("modelmarket.operator.token", () -> OPERATOR_TOKEN);
    }

    @Autowired
    ChainIndexer indexer;

    @Autowired
    JdbcClient db;

    @Autowired
    TestRestTemplate http;

    @Autowired
    Deployment deployment;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    BountyProjection projection;

    @Autowired
    IndexedBlocks blocks;

    @Autowired
    ChainEvents chainEvents;

    @Autowired
    ChainProperties properties;

    @Autowired
    IndexerLease lease;

    @Autowired
    ChainClock clock;

    @Test
    @Order(1)
    void neverMissesNorDoublesARow() throws Exception {
        String bountyA = createBounty(HardhatAccounts.account(1));
        commit(bountyA, HardhatAccounts.account(2));
        ChainIndexer.PollResult first = indexer.pollOnce();
        // BountyCreated, PhaseChanged, ModelCommitted; and the market's own events of no bounty (its constructor's meta-evidence)
        assertThat(first.newEvents()).isEqualTo(3 + db.sql("SELECT COUNT(*) FROM chain_event WHERE bounty_id IS NULL").query(Integer.class).single());
        assertThat(db.sql("SELECT COUNT(*) FROM chain_event WHERE bounty_id = ?").param(bountyA).query(Integer.class).single()).isEqualTo(3);
        assertThat(liveSubmissions(bountyA)).isEqualTo(1);
        int events = eventCount();

        // A restart: a fresh indexer over the same database picks up where the last one stopped.
        ChainIndexer restarted = new ChainIndexer(chain.web3j, deployment, properties, blocks, chainEvents, transactions, projection, lease, clock);
        assertThat(restarted.pollOnce().newEvents()).isZero();

        // Progress lost after the events were stored: they come again and are not stored twice.
        db.sql("DELETE FROM indexed_block").update();
        assertThat(indexer.pollOnce().newEvents()).isZero();
        assertThat(eventCount()).isEqualTo(events);
        assertThat(liveSubmissions(bountyA)).isEqualTo(1);

        // A reorganization: bounty B is mined, indexed, then dropped for a longer chain that holds C.
        String snapshot = chain.node.snapshot();
        String bountyB = createBounty(HardhatAccounts.account(3));
        indexer.pollOnce();
        assertThat(bountyExists(bountyB)).isTrue();
        chain.node.revert(snapshot);
        String bountyC = createBounty(HardhatAccounts.account(4));
        chain.node.mine(5);
        ChainIndexer.PollResult afterReorg = indexer.pollOnce();
        assertThat(afterReorg.rolledBackBlocks()).isPositive();
        assertThat(bountyExists(bountyB)).isFalse();
        assertThat(bountyExists(bountyC)).isTrue();
        assertThat(db.sql("SELECT COUNT(*) FROM chain_event WHERE bounty_id = ?").param(bountyB).query(Integer.class).single()).isZero();
        assertThat(liveSubmissions(bountyA)).isEqualTo(1);

        // The same, through the API.
        assertThat(http.getForObject("/api/bounties", Object[].class)).hasSize(2);
        Map<?, ?> detail = http.getForObject("/api/bounties/" + bountyA, Map.class);
        assertThat(detail.get("timeline").toString()).contains("BountyCreated", "PhaseChanged", "ModelCommitted");
        assertThat(http.getForObject("/api/bounties?phase=Open", Object[].class)).hasSize(2);
        assertThat(operatorGet("/actuator/health").getBody()).contains("\"chain\":{\"status\":\"UP\"", "\"lagBlocks\":0")
                .doesNotContain(chain.node.rpcUrl()).doesNotContain("rpc");
    }

    /** An event the indexer cannot store stops it where everyone's health check shows it, until an operator skips it. */
    @Test
    @Order(2)
    void anEventThatCannotBeStoredStopsTheIndexerVisiblyUntilAnOperatorSkipsIt() throws Exception {
        indexer.pollOnce();
        long before = indexer.lastIndexedBlock().orElseThrow();
        // The next bounty of account 5 cannot be stored: a row with its id is already there (a stand-in for any
        // event the database refuses).
        Credentials requester = HardhatAccounts.account(5);
        String blocked = "0x" + HexFormat.of().formatHex(chain.marketAs(requester).nextBountyId(requester.getAddress()).send());
        db.sql("INSERT INTO bounty (id, requester, verifier, reward, trainer_stake, model_deadline, response_window, test_size, num_classes, "
                + "max_submissions, metric, min_score, ground_truth_commitment, sealing_key_commitment, phase, phase_deadline, live_submissions, "
                + "predicted, contenders, candidates, created_block) "
                + "VALUES (?, '0x', '0x', 0, 0, 0, 0, 0, 0, 0, 'Accuracy', 0, '0x', '0x', 'Open', 0, 0, 0, 0, 0, 0)").param(blocked).update();
        createBounty(requester);

        for (int poll = 0; poll < 2; poll++) { // never silently: every poll stops at the same event, and nothing after it is stored
            assertThatThrownBy(indexer::pollOnce).isInstanceOf(ChainIndexer.EventNotStored.class);
            assertThat(indexer.lastIndexedBlock()).contains(before);
        }
        ChainIndexer.StuckEvent stuck = indexer.stuck();
        assertThat(stuck.event()).isEqualTo("BountyCreated");
        assertThat(stuck.reason()).containsIgnoringCase("unique");

        // Anyone sees the server is down; only the operator sees where and why.
        ResponseEntity<String> anonymous = http.getForEntity("/actuator/health", String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(anonymous.getBody()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(operatorGet("/actuator/health").getBody()).contains("\"stoppedAt\"", "\"event\":\"BountyCreated\"", stuck.blockHash());
        assertThat(operatorGet("/api/operator/indexer").getBody()).contains("\"stoppedAt\"", stuck.txHash());

        // Skipping needs the operator's token and must name the very event the indexer is stopped at.
        String skip = "{\"blockHash\":\"" + stuck.blockHash() + "\",\"logIndex\":" + stuck.logIndex() + "}";
        assertThat(post("/api/operator/indexer/skip", skip, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        String wrong = "{\"blockHash\":\"" + stuck.blockHash() + "\",\"logIndex\":" + (stuck.logIndex() + 1) + "}";
        assertThat(post("/api/operator/indexer/skip", wrong, OPERATOR_TOKEN).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(indexer.stuck()).isNotNull();
        assertThat(post("/api/operator/indexer/skip", skip, OPERATOR_TOKEN).getStatusCode()).isEqualTo(HttpStatus.OK);

        indexer.pollOnce();
        assertThat(indexer.stuck()).isNull();
        assertThat(indexer.lastIndexedBlock().orElseThrow()).isGreaterThan(before);
        assertThat(db.sql("SELECT COUNT(*) FROM chain_event WHERE block_hash = ? AND log_index = ?").params(stuck.blockHash(), stuck.logIndex())
                .query(Integer.class).single()).isZero();
        assertThat(chainEvents.skippedEvents()).singleElement().satisfies(skipped -> {
            assertThat(skipped.txHash()).isEqualTo(stuck.txHash());
            assertThat(skipped.reason()).startsWith("BountyCreated: ");
        });
        assertThat(operatorGet("/actuator/health").getBody()).contains("\"chain\":{\"status\":\"UP\"");
    }

    /** A reorganization between reading a range's logs and checking its end hash leaves nothing orphaned. */
    @Test
    @Order(3)
    void aReorganizationWhileARangeIsReadStoresNothingOfIt() throws Exception {
        indexer.pollOnce();
        String snapshot = chain.node.snapshot();
        String orphan = createBounty(HardhatAccounts.account(3));
        String[] replacement = new String[1];
        // A node that reorganizes right after answering eth_getLogs: the logs hold the orphan, the chain no longer does.
        Web3j reorganizing = (Web3j) Proxy.newProxyInstance(Web3j.class.getClassLoader(), new Class<?>[] {Web3j.class}, (proxy, method, args) -> {
            Object result = method.invoke(chain.web3j, args);
            if (!method.getName().equals("ethGetLogs")) {
                return result;
            }
            @SuppressWarnings("unchecked")
            Request<?, EthLog> real = (Request<?, EthLog>) result;
            return new Request<>("eth_getLogs", List.of(), null, EthLog.class) {
                @Override
                public EthLog send() throws IOException {
                    EthLog logs = real.send();
                    if (replacement[0] == null) {
                        chain.node.revert(snapshot);
                        try {
                            replacement[0] = createBounty(HardhatAccounts.account(4));
                        } catch (Exception e) {
                            throw new IOException(e);
                        }
                        chain.node.mine(5);
                    }
                    return logs;
                }
            };
        });
        ChainIndexer racing = new ChainIndexer(reorganizing, deployment, properties, blocks, chainEvents, transactions, projection, lease, clock);
        assertThatThrownBy(racing::pollOnce).isInstanceOf(ChainIndexer.ReorganizedWhileReading.class);
        assertThat(bountyExists(orphan)).isFalse();

        indexer.pollOnce();
        assertThat(bountyExists(orphan)).isFalse();
        assertThat(bountyExists(replacement[0])).isTrue();
        assertThat(db.sql("SELECT COUNT(*) FROM chain_event WHERE bounty_id = ?").param(orphan).query(Integer.class).single()).isZero();
    }

    /**
     * A CID is shown as a link, so markup in one would reach the page: the contract refuses markup, and a string of
     * the right form that still is no CID (the contract checks the form only) is never served as one.
     */
    @Test
    @Order(4)
    void aCidThatIsNotACidIsNeverServedAsOne() throws Exception {
        String html = "bafy\"><img src=x onerror=alert(document.domain)>";
        assertThat(SmallBounties.refusal(chain, HardhatAccounts.account(2), html, SmallBounties.SEALED_TEST_INPUTS_CID, SmallBounties.METADATA_CID))
                .contains("InvalidCid(field=trainingCid)");
        String wellFormedNoCid = "ba" + "a".repeat(57); // a CIDv1's form, but version 0 inside
        String bountyId = createBounty(HardhatAccounts.account(2), wellFormedNoCid, SmallBounties.SEALED_TEST_INPUTS_CID, wellFormedNoCid);
        indexer.pollOnce();

        ResponseEntity<Map> detail = http.getForEntity("/api/bounties/" + bountyId, Map.class);
        assertThat(detail.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        Map<?, ?> bounty = (Map<?, ?>) detail.getBody().get("bounty");
        assertThat(bounty.get("trainingCid")).isNull();
        assertThat(bounty.get("sealedTestInputsCid")).isEqualTo(SmallBounties.SEALED_TEST_INPUTS_CID);
        assertThat(bounty.get("metadataCid")).isNull();
        assertThat((String) bounty.get("cidProblem")).isEqualTo("trainingCid, metadataCid are not valid CIDs; not served");
        Map<?, ?> created = (Map<?, ?>) ((List<?>) detail.getBody().get("timeline")).get(0);
        assertThat(created.get("name")).isEqualTo("BountyCreated");
        assertThat((List<Object>) created.get("invalidCids")).containsExactly("trainingCid", "metadataCid");
    }

    /**
     * A regression bounty's metric and maxError reach the read model, and its maxScore is maxError × testSize: beyond an
     * int32 here (uint32 scores), which the API sends as a number.
     */
    @Test
    @Order(5)
    void aRegressionBountyHasItsMetricMaxErrorAndMaxScore() throws Exception {
        long maxError = 40_000_000; // × 100 test items = 4,000,000,000, beyond 2^31
        String regression = SmallBounties.createRegression(chain, HardhatAccounts.account(5), maxError);
        String accuracy = createBounty(HardhatAccounts.account(5));
        indexer.pollOnce();
        Map<?, ?> bounty = bounty(regression);
        assertThat(bounty.get("metric")).isEqualTo("MeanAbsoluteError");
        assertThat(bounty.get("numClasses")).isEqualTo(0);
        assertThat(((Number) bounty.get("maxError")).longValue()).isEqualTo(maxError);
        assertThat(((Number) bounty.get("maxScore")).longValue()).isEqualTo(maxError * 100);
        assertThat(((Number) bounty.get("minScore")).longValue()).isEqualTo(maxError * 50);
        Map<?, ?> listed = List.of(http.getForObject("/api/bounties?requester=" + HardhatAccounts.account(5).getAddress(), Map[].class)).stream()
                .filter(each -> each.get("id").equals(regression)).findFirst().orElseThrow();
        assertThat(((Number) listed.get("maxScore")).longValue()).isEqualTo(maxError * 100);

        Map<?, ?> classification = bounty(accuracy);
        assertThat(classification.get("metric")).isEqualTo("Accuracy");
        assertThat(((Number) classification.get("maxError")).longValue()).isZero();
    }

    /** The schema puts no limit on an event's payload: a limit would let one large event stop every indexer. */
    @Test
    @Order(5)
    void anEventPayloadHasNoLimitOfTheSchema() {
        String labels = "\"0x" + "01".repeat(1_500_000) + "\"";
        String payload = "{\"bountyId\":\"0x" + "ee".repeat(32) + "\",\"labels\":" + labels + "}";
        transactions.executeWithoutResult(status -> {
            chainEvents.insertEvent(Long.MAX_VALUE - 1, 0, "0x" + "ab".repeat(32), 0, "0x" + "cd".repeat(32), "GroundTruthRevealed", "0x" + "ee".repeat(32),
                    null, payload);
            assertThat(chainEvents.latestEvent("0x" + "ee".repeat(32), "GroundTruthRevealed").orElseThrow().get("labels").asText()).hasSize(3_000_002);
            status.setRollbackOnly();
        });
    }

    /**
     * the phases that have no event follow the chain's clock as {@code phaseOf} does: past the model deadline a
     * bounty nobody committed to is Refunded and one with a model awaits its key, until the requester's window
     * ends and it is RequesterSlashed; the list filters on that phase. (Last: it moves the chain's clock.)
     */
    @Test
    @Order(6)
    void phasesWithoutEventsFollowTheChainsClock() throws Exception {
        String empty = createBounty(HardhatAccounts.account(6));
        String committed = createBounty(HardhatAccounts.account(7));
        commit(committed, HardhatAccounts.account(8));
        indexer.pollOnce();
        Map<?, ?> open = bounty(committed);
        assertThat(open.get("phase")).isEqualTo("Open");
        long modelDeadline = ((Number) open.get("modelDeadline")).longValue();
        assertThat(((Number) open.get("phaseDeadline")).longValue()).isEqualTo(modelDeadline);

        chain.node.increaseTime(7200);
        indexer.pollOnce(); // reads the new head, and its time
        assertThat(bounty(empty).get("phase")).isEqualTo("Refunded");
        assertThat(((Number) bounty(empty).get("phaseDeadline")).longValue()).isZero();
        Map<?, ?> awaitingKey = bounty(committed);
        assertThat(awaitingKey.get("phase")).isEqualTo("KeyRelease");
        assertThat(awaitingKey.get("storedPhase")).isEqualTo("Open");
        assertThat(((Number) awaitingKey.get("phaseDeadline")).longValue()).isEqualTo(modelDeadline + 3600);
        assertThat(http.getForObject("/api/bounties?phase=KeyRelease", String.class)).contains(committed).doesNotContain(empty);

        chain.node.increaseTime(3600);
        indexer.pollOnce();
        assertThat(bounty(committed).get("phase")).isEqualTo("RequesterSlashed");
        assertThat(http.getForEntity("/api/bounties?phase=Verifyingg", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private Map<?, ?> bounty(String bountyId) {
        return (Map<?, ?>) http.getForObject("/api/bounties/" + bountyId, Map.class).get("bounty");
    }

    private ResponseEntity<String> operatorGet(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(OPERATOR_TOKEN);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private ResponseEntity<String> post(String path, String json, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
    }

    private String createBounty(Credentials requester) throws Exception {
        return SmallBounties.create(chain, requester);
    }

    private String createBounty(Credentials requester, String trainingCid, String testInputsCid, String metadataCid) throws Exception {
        return SmallBounties.create(chain, requester, trainingCid, testInputsCid, metadataCid);
    }

    private void commit(String bountyId, Credentials trainer) throws Exception {
        SmallBounties.fundAndApprove(chain, trainer);
        SmallBounties.commit(chain, bountyId, trainer);
    }

    private int liveSubmissions(String bountyId) {
        return db.sql("SELECT live_submissions FROM bounty WHERE id = ?").param(bountyId).query(Integer.class).single();
    }

    private boolean bountyExists(String bountyId) {
        return db.sql("SELECT COUNT(*) FROM bounty WHERE id = ?").param(bountyId).query(Integer.class).single() > 0;
    }

    private int eventCount() {
        return db.sql("SELECT COUNT(*) FROM chain_event").query(Integer.class).single();
    }
}
