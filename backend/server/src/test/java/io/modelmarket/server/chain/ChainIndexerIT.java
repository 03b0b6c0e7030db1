package io.modelmarket.server.chain;

import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.chain.Deployment;
import static io.modelmarket.contracts.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.LocalChain;
import io.modelmarket.server.LocalChainProperties;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The indexer against a real Hardhat node: catch-up, a restart, events delivered twice, and a chain
 * reorganization made with evm_snapshot / evm_revert — never a missing or doubled row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChainIndexerIT {
    private static LocalChain chain;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        chain = LocalChain.start();
        LocalChainProperties.register(registry, chain);
        registry.add("modelmarket.chain.max-blocks-per-poll", () -> "3"); // several ranges per poll
        TestDatabaseProperties.register(registry, "indexer-it");
    }

    @AfterAll
    static void stopChain() throws Exception {
        chain.close();
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
    ChainProperties properties;

    @Test
    void neverMissesNorDoublesARow() throws Exception {
        String bountyA = createBounty(HardhatAccounts.account(1));
        commit(bountyA, HardhatAccounts.account(2));
        ChainIndexer.PollResult first = indexer.pollOnce();
        assertThat(first.newEvents()).isEqualTo(3); // BountyCreated, PhaseChanged, SubmissionCommitted
        assertThat(liveSubmissions(bountyA)).isEqualTo(1);
        int events = eventCount();

        // A restart: a fresh indexer over the same database picks up where the last one stopped.
        ChainIndexer restarted = new ChainIndexer(chain.web3j, deployment, properties, db, transactions, projection);
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
        assertThat(detail.get("timeline").toString()).contains("BountyCreated", "PhaseChanged", "SubmissionCommitted");
        assertThat(http.getForObject("/api/bounties?phase=Open", Object[].class)).hasSize(2);
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"chain\":{\"status\":\"UP\"", "\"lagBlocks\":0");
    }

    private String createBounty(Credentials requester) throws Exception {
        chain.fund(requester.getAddress(), MDC.multiply(BigInteger.valueOf(100)));
        chain.coinAs(requester).approve(chain.marketAddress, MDC.multiply(BigInteger.valueOf(100))).send();
        BountyMarket market = chain.marketAs(requester);
        byte[] id = market.nextBountyId(requester.getAddress()).send();
        byte[] labels = {0, 1, 1, 0};
        byte[] commitment = market.groundTruthCommitment(id, labels, new byte[32]).send();
        BigInteger now = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
        market.createBounty(new BountyMarket.BountyParams("bafkreitraining", "bafkreitest", "bafkreimeta", commitment, MDC.multiply(BigInteger.TEN),
                MDC, now.add(BigInteger.valueOf(3600)), BigInteger.valueOf(600), BigInteger.valueOf(labels.length), BigInteger.TWO,
                BigInteger.TEN, "0x0000000000000000000000000000000000000000", market.requesterNonce(requester.getAddress()).send())).send();
        return "0x" + HexFormat.of().formatHex(id);
    }

    private void commit(String bountyId, Credentials trainer) throws Exception {
        chain.fund(trainer.getAddress(), MDC.multiply(BigInteger.TEN));
        chain.coinAs(trainer).approve(chain.marketAddress, MDC.multiply(BigInteger.TEN)).send();
        byte[] someCommitment = new byte[32];
        someCommitment[0] = 1;
        chain.marketAs(trainer).commit(HexFormat.of().parseHex(bountyId.substring(2)), someCommitment, someCommitment).send();
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
