package io.modelmarket.server.indexer;

import io.modelmarket.server.chain.ChainProperties;
import io.modelmarket.server.web.Redaction;
import io.modelmarket.server.health.OutageClock;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;

/**
 * {@code chain} in /actuator/health: the node answers, how far the indexer is behind its head (down when it
 * lags by more than 100 blocks beyond the configured confirmations), and an event the indexer is stopped at
 * (down until it is stored or an operator skips it). Details are shown to operators only, and never the RPC
 * URL (hosted ones carry API keys): errors are redacted to scheme, host and port. A node that does not
 * answer is an outage in words, since when; a database that does not answer leaves the lag unknown.
 */
@Component("chain")
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class ChainHealthIndicator implements HealthIndicator {
    private static final long MAX_LAG = 100;

    private final Web3j web3j;
    private final ChainIndexer indexer;
    private final ChainProperties properties;
    private final OutageClock outage;

    ChainHealthIndicator(Web3j web3j, ChainIndexer indexer, ChainProperties properties) {
        this.web3j = web3j;
        this.indexer = indexer;
        this.properties = properties;
        this.outage = new OutageClock("the chain's JSON-RPC at " + properties.rpcUrl(), Clock.systemUTC());
    }

    @Override
    public Health health() {
        ChainIndexer.StuckEvent stuck = indexer.stuck();
        long head;
        try {
            head = web3j.ethBlockNumber().send().getBlockNumber().longValue();
        } catch (IOException | RuntimeException e) {
            return outage.down(Health.down().withDetail("error", "the chain's node does not answer: " + Redaction.redact(String.valueOf(e.getMessage()))), e);
        }
        try {
            long indexed = indexer.lastIndexedBlock().orElse(-1L);
            long lag = Math.max(0, head - properties.confirmations() - indexed);
            Health.Builder health = lag > MAX_LAG || stuck != null ? Health.down() : Health.up();
            health.withDetail("head", head).withDetail("indexedTo", indexed).withDetail("lagBlocks", lag);
            if (stuck != null) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("blockNumber", stuck.blockNumber());
                details.put("logIndex", stuck.logIndex());
                details.put("blockHash", stuck.blockHash());
                details.put("txHash", stuck.txHash());
                details.put("event", stuck.event());
                details.put("reason", stuck.reason());
                details.put("since", stuck.since().toString());
                details.put("skip", "POST /api/operator/indexer/skip {\"blockHash\": \"" + stuck.blockHash() + "\", \"logIndex\": "
                        + stuck.logIndex() + "}");
                health.withDetail("stoppedAt", details);
            }
            return outage.up(health);
        } catch (DataAccessException e) {
            return outage.up(Health.unknown().withDetail("head", head)
                    .withDetail("status", "The node answers; how far the index has got is unknown: the database does not answer."));
        }
    }
}
