package io.modelmarket.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.server.testing.BountyMaker;
import io.modelmarket.server.testing.ServerProcess;
import io.modelmarket.server.testing.Waits;
import io.modelmarket.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged servers on one PostgreSQL and one chain: exactly one indexes (the indexer lease), the other
 * serves reads; the indexing one is killed with {@code kill -9} while bounties are being created, and the
 * other takes over, under a bounded flood of reads on loopback, without missing or doubling an event.
 * Runs in the build's PostgreSQL run only (it needs a database two processes can share).
 */
class TwoServersIT {
    private static final int BOUNTIES = 120;
    private static final int FLOOD_REQUESTS = 1500;

    private static ServerCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestDatabase.postgresql(), "two servers need a shared PostgreSQL: the build's postgresql run");
        cluster = ServerCluster.start("two_servers");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theStandbyTakesOverAfterKillMinus9AndNoEventIsMissedOrDoubled() throws Exception {
        String rpc = cluster.chain.node.rpcUrl();
        ServerProcess first = cluster.startServer("server-a", rpc, Map.of());
        Waits.until("server-a takes the indexer lease", Duration.ofSeconds(30), () -> role(first).equals("indexing"));
        ServerProcess second = cluster.startServer("server-b", rpc, Map.of());
        assertThat(role(second)).isEqualTo("standby");
        assertThat(second.health().at("/components/indexer/details/status").asText())
                .startsWith("Server server-a indexes the chain, since ").contains("this server serves reads and takes over if that lease runs out");

        BountyMaker bounties = new BountyMaker(cluster.chain, BOUNTIES);
        ExecutorService background = Executors.newFixedThreadPool(2);
        try {
            // Bounties keep coming, 40 ms apart, while server-a indexes them; server-a dies a quarter of the way in.
            Future<String> creation = background.submit(() -> bounties.create(BOUNTIES, Duration.ofMillis(40)));
            Waits.until("server-a indexes the first bounties", Duration.ofSeconds(60), () -> cluster.index.createdEvents() >= BOUNTIES / 4);
            first.kill();
            Future<Map<Integer, AtomicInteger>> flood = background.submit(() -> flood(second));
            Duration takeover = Waits.until("server-b takes over", Duration.ofSeconds(60), () -> role(second).equals("indexing"));
            System.out.printf("server-b took over %.1f s after kill -9 of server-a (lease 2 s, polls every 200 ms)%n", takeover.toMillis() / 1e3);
            creation.get();
            Map<Integer, AtomicInteger> statuses = flood.get();

            long head = cluster.index.head();
            Waits.until("server-b catches up with the chain", Duration.ofSeconds(60), () -> cluster.index.indexedTo() >= head);
            assertThat(cluster.index.indexedEvents()).containsExactlyElementsOf(cluster.index.chainEvents(cluster.index.indexedTo()));
            assertThat(cluster.index.bounties()).isEqualTo(BOUNTIES);

            // The flood during the takeover was answered, every request (reads are not rate-limited).
            assertThat(statuses).containsOnlyKeys(200);
            assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(FLOOD_REQUESTS);
            HttpResponse<String> list = second.get("/api/bounties?limit=200");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(list.body())).hasSize(BOUNTIES);
            assertThat(second.log()).contains("server server-b took the indexer lease");
        } finally {
            background.shutdownNow();
        }
    }

    /** {@value #FLOOD_REQUESTS} reads of the bounty list, 16 at a time, on loopback; how many got each status. */
    private static Map<Integer, AtomicInteger> flood(ServerProcess server) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < FLOOD_REQUESTS; i++) {
                String path = "/api/bounties?limit=50&offset=" + (i % 100);
                clients.submit(() -> statuses.computeIfAbsent(server.get(path).statusCode(), status -> new AtomicInteger()).incrementAndGet());
            }
        }
        return statuses;
    }

    private static String role(ServerProcess server) throws Exception {
        JsonNode health = server.health();
        return health.at("/components/indexer/details/role").asText();
    }
}
