package io.modelmarket.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelmarket.server.testing.BountyMaker;
import io.modelmarket.server.testing.LoopbackProxy;
import io.modelmarket.server.testing.ServerProcess;
import io.modelmarket.server.testing.Waits;
import io.modelmarket.testing.PostgresServer;
import io.modelmarket.testing.TestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged server on PostgreSQL under faults, one after the other on the same database and chain:
 * killed ({@code kill -9}) in the middle of indexing a block range, the chain's RPC cut off and restored
 * (through a {@link LoopbackProxy}), PostgreSQL stopped and restarted. After each, health said what was
 * down in words, and the index equals the chain's logs exactly. Runs in the build's PostgreSQL run only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static ServerCluster cluster;
    private static LoopbackProxy rpcProxy;
    private static BountyMaker bounties;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestDatabase.postgresql(), "the fault tests restart their own PostgreSQL: the build's postgresql run");
        cluster = ServerCluster.start("faults");
        rpcProxy = new LoopbackProxy(URI.create(cluster.chain.node.rpcUrl()).getPort());
        bounties = new BountyMaker(cluster.chain, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rpcProxy != null) {
            rpcProxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void killedInTheMiddleOfARangeTheServerLeavesNothingHalfWritten() throws Exception {
        bounties.create(300, Duration.ZERO);
        // One range for the whole backlog, 600 events in one transaction. The test holds a write lock on the
        // bounty table (migrated first, as the server would), so the range stops at its first bounty row, after
        // its first event and the lease renewal are written: then kill -9.
        Flyway.configure().dataSource(cluster.databaseUrl, PostgresServer.USER, "")
                .locations("classpath:db/migration", "classpath:db/migration-postgresql").load().migrate();
        try (Connection lock = DriverManager.getConnection(cluster.databaseUrl, PostgresServer.USER, "")) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE bounty IN EXCLUSIVE MODE");
            ServerProcess doomed = startServer(Map.of("modelmarket.chain.max-blocks-per-poll", "100000"));
            Waits.until("the range waits for the bounty table, its events written", LIMIT, FaultsIT::rangeWaitsForTheLock);
            doomed.kill();
            lock.rollback();
        }
        assertThat(cluster.index.indexedEvents()).isEmpty(); // nothing half-written
        assertThat(cluster.index.indexedTo()).isEqualTo(-1);
        assertConsistent();

        server = startServer(Map.of());
        awaitCaughtUp();
    }

    @Test
    @Order(2)
    void theChainRpcGoesAwayAndComesBack() throws Exception {
        rpcProxy.cut();
        Waits.until("health reports the chain down", LIMIT, () -> server.health().at("/components/chain/status").asText().equals("DOWN"));
        assertThat(server.health().at("/components/chain/details/outage").asText())
                .matches("The chain's JSON-RPC at http://127\\.0\\.0\\.1:\\d+ has not answered since \\S+ \\(\\d+ s\\): .+");
        assertThat(server.get("/api/bounties?limit=1").statusCode()).isEqualTo(200); // reads go on from the database

        bounties.create(50, Duration.ZERO); // mined while the server cannot see the chain
        rpcProxy.restore();
        long restored = System.nanoTime();
        awaitCaughtUp();
        System.out.printf("caught up 100 events %.1f s after the RPC came back%n", (System.nanoTime() - restored) / 1e9);
        assertThat(server.health().at("/components/chain/status").asText()).isEqualTo("UP");
        assertThat(server.health().at("/components/chain/details/outage").isMissingNode()).isTrue();
    }

    @Test
    @Order(3)
    void postgresqlRestarts() throws Exception {
        cluster.postgres.stop();
        Waits.until("health reports the database down", LIMIT, () -> server.health().at("/components/db/status").asText().equals("DOWN"));
        assertThat(server.health().at("/components/db/details/outage").asText()) // the URL cut to host and port: it may carry a password
                .startsWith("The database at jdbc:postgresql://127.0.0.1:" + cluster.postgres.port() + "/… has not answered since ");
        assertThat(server.get("/api/bounties?limit=1").statusCode()).isGreaterThanOrEqualTo(500);

        bounties.create(50, Duration.ZERO); // mined while the server cannot write
        cluster.postgres.restart();
        awaitCaughtUp();
        assertThat(server.health().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(server.get("/api/bounties?limit=1").statusCode()).isEqualTo(200);
        assertThat(cluster.index.bounties()).isEqualTo(400);
    }

    private static ServerProcess startServer(Map<String, String> extra) {
        return cluster.startServer("faults", "http://127.0.0.1:" + rpcProxy.port(), extra);
    }

    /** The server's index covers the chain's head, and equals the chain's logs. */
    private static void awaitCaughtUp() throws Exception {
        long head = cluster.index.head();
        Waits.until("the index reaches block " + head, LIMIT, () -> cluster.index.indexedTo() >= head);
        assertConsistent();
    }

    /** Whatever the index holds, it holds whole: exactly the chain's events up to its last recorded block, and their bounties. */
    private static void assertConsistent() throws Exception {
        assertThat(cluster.index.indexedEvents()).containsExactlyElementsOf(cluster.index.chainEvents(cluster.index.indexedTo()));
        assertThat(cluster.index.bounties()).isEqualTo(cluster.index.createdEvents());
    }

    /** A transaction of the server's has written (it has a transaction id) and waits for a lock: the test's. */
    private static boolean rangeWaitsForTheLock() {
        return cluster.index.db().sql("""
                        SELECT COUNT(*) FROM pg_stat_activity WHERE datname = 'faults' AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'""")
                .query(Integer.class).single() > 0;
    }
}
