package io.modelmarket.server.testing;

import io.modelmarket.testing.LocalChain;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Compares a server's index, read straight from its database, with the chain's own logs: the market's
 * events in {@code chain_event} must be exactly the chain's, each once, no gap and no extra.
 */
public final class ChainIndexCheck {
    private final LocalChain chain;
    private final JdbcClient db;

    public ChainIndexCheck(LocalChain chain, String jdbcUrl, String user) {
        this.chain = chain;
        this.db = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, user, ""));
    }

    public JdbcClient db() {
        return db;
    }

    /** The chain's head block. */
    public long head() throws IOException {
        return chain.web3j.ethBlockNumber().send().getBlockNumber().longValue();
    }

    /** The highest block the index has recorded, -1 for none. */
    public long indexedTo() {
        return db.sql("SELECT COALESCE(MAX(number), -1) FROM indexed_block").query(Long.class).single();
    }

    /** The market's events up to {@code block} as the chain has them: "block/logIndex/txHash", in order. */
    public List<String> chainEvents(long block) throws IOException {
        if (block < chain.deployBlock) {
            return List.of();
        }
        EthLog logs = chain.web3j.ethGetLogs(new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(chain.deployBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), chain.marketAddress)).send();
        return logs.getLogs().stream().map(result -> (Log) result.get())
                .map(log -> log.getBlockNumber() + "/" + log.getLogIndex() + "/" + log.getTransactionHash())
                .toList();
    }

    /** The same, as the index has them (every row, duplicates included). */
    public List<String> indexedEvents() {
        return db.sql("SELECT block_number, log_index, tx_hash FROM chain_event ORDER BY block_number, log_index")
                .query((row, n) -> row.getLong(1) + "/" + row.getInt(2) + "/" + row.getString(3))
                .list();
    }

    /** Bounty rows, which the indexer derives from BountyCreated events in the same transactions. */
    public int bounties() {
        return db.sql("SELECT COUNT(*) FROM bounty").query(Integer.class).single();
    }

    /** BountyCreated events in the index. */
    public int createdEvents() {
        return db.sql("SELECT COUNT(*) FROM chain_event WHERE event_name = 'BountyCreated'").query(Integer.class).single();
    }
}
