package io.modelmarket.server.indexer;

import io.modelmarket.chain.Deployment;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.chain.ChainProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.Web3j;

/** The chain indexer and the lease that lets one server of several run it; off with {@code modelmarket.chain.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class IndexerConfiguration {

    @Bean(destroyMethod = "release")
    IndexerLease indexerLease(JdbcClient db, IndexerLeaseProperties properties) {
        return new IndexerLease(db, properties, Clock.systemUTC());
    }

    @Bean
    ChainIndexer chainIndexer(Web3j web3j, Deployment deployment, ChainProperties properties, IndexedBlocks blocks, ChainEvents events,
            TransactionTemplate transactions, BountyProjection projection, IndexerLease lease, ChainClock clock) {
        return new ChainIndexer(web3j, deployment, properties, blocks, events, transactions, projection, lease, clock);
    }
}
