package io.modelmarket.server.chain;

import io.modelmarket.server.health.OutageClock;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;

/**
 * {@code chain} in /actuator/health: the node answers, and how far the indexer is behind its head
 * (down when it lags by more than 100 blocks beyond the configured confirmations); an unreachable node as
 * an outage in words, since when.
 */
@Component("chain")
@ConditionalOnBean(ChainIndexer.class)
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
        long head;
        try {
            head = web3j.ethBlockNumber().send().getBlockNumber().longValue();
        } catch (IOException | RuntimeException e) {
            return outage.down(Health.down().withDetail("rpc", properties.rpcUrl()).withDetail("error", String.valueOf(e.getMessage())), e);
        }
        Health.Builder health = Health.up().withDetail("rpc", properties.rpcUrl()).withDetail("head", head);
        try {
            long indexed = indexer.lastIndexedBlock().orElse(-1L);
            long lag = Math.max(0, head - properties.confirmations() - indexed);
            return outage.up((lag > MAX_LAG ? health.down() : health).withDetail("indexedTo", indexed).withDetail("lagBlocks", lag));
        } catch (DataAccessException e) {
            return outage.up(health.unknown().withDetail("status", "The node answers; how far the index has got is unknown: the database does not answer."));
        }
    }
}
