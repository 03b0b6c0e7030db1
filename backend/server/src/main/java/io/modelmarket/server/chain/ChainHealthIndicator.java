package io.modelmarket.server.chain;

import io.modelmarket.server.api.Redaction;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;

/**
 * {@code chain} in /actuator/health: the node answers, how far the indexer is behind its head (down when it
 * lags by more than 100 blocks beyond the configured confirmations), and an event the indexer is stopped at
 * (down until it is stored or an operator skips it). Details are shown to operators only, and never the RPC
 * URL (hosted ones carry API keys): errors are redacted to scheme, host and port.
 */
@Component("chain")
@ConditionalOnBean(ChainIndexer.class)
class ChainHealthIndicator implements HealthIndicator {
    private static final long MAX_LAG = 100;

    private final Web3j web3j;
    private final ChainIndexer indexer;
    private final ChainProperties properties;

    ChainHealthIndicator(Web3j web3j, ChainIndexer indexer, ChainProperties properties) {
        this.web3j = web3j;
        this.indexer = indexer;
        this.properties = properties;
    }

    @Override
    public Health health() {
        ChainIndexer.StuckEvent stuck = indexer.stuck();
        try {
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValue();
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
            return health.build();
        } catch (IOException | RuntimeException e) {
            return Health.down().withDetail("error", "the chain's node does not answer: " + Redaction.redact(String.valueOf(e.getMessage()))).build();
        }
    }
}
