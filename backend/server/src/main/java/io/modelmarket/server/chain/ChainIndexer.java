package io.modelmarket.server.chain;

import io.modelmarket.chain.MarketEventDecoder;
import io.modelmarket.chain.Deployment;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows BountyMarket's events from its deployment block into the database, {@code confirmations} blocks
 * behind the head. Restart-safe: progress is the highest row of {@code indexed_block}, written in the same
 * transaction as the events it covers. Duplicate-safe: an event is keyed by (block, log index) and stored
 * once. Reorg-safe: before each poll the last recorded block hash is compared with the chain's; on a
 * mismatch the indexer walks back to the newest recorded block the chain still has, deletes everything
 * after it and rebuilds the affected bounties from their remaining events. Shared-database-safe: only the
 * holder of the {@link IndexerLease} polls, and it renews the lease in every transaction that writes.
 */
public class ChainIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(ChainIndexer.class);

    /** What one poll did. */
    public record PollResult(long head, long indexedTo, int newEvents, int rolledBackBlocks) {}

    private final Web3j web3j;
    private final Deployment deployment;
    private final ChainProperties properties;
    private final JdbcClient db;
    private final TransactionTemplate transactions;
    private final BountyProjection projection;
    private final IndexerLease lease;
    private final MarketEventDecoder decoder = new MarketEventDecoder();

    public ChainIndexer(Web3j web3j, Deployment deployment, ChainProperties properties, JdbcClient db,
            TransactionTemplate transactions, BountyProjection projection, IndexerLease lease) {
        this.web3j = web3j;
        this.deployment = deployment;
        this.properties = properties;
        this.db = db;
        this.transactions = transactions;
        this.projection = projection;
        this.lease = lease;
    }

    @Scheduled(initialDelayString = "${modelmarket.chain.poll-interval:1s}", fixedDelayString = "${modelmarket.chain.poll-interval:1s}")
    void scheduledPoll() {
        try {
            pollOnce();
        } catch (IOException | RuntimeException e) {
            LOG.warn("indexer poll failed, retrying next time: {}", e.getMessage());
        }
    }

    /**
     * Rolls back a reorganization if there was one, then indexes every confirmed block not yet indexed; does
     * nothing while another server holds the indexer lease.
     */
    public synchronized PollResult pollOnce() throws IOException {
        if (!lease.acquire()) {
            return new PollResult(web3j.ethBlockNumber().send().getBlockNumber().longValue(), lastIndexedBlock().orElse(-1L), 0, 0);
        }
        int rolledBack = rewindIfReorganized();
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValue();
        long target = head - properties.confirmations();
        long next = lastIndexedBlock().map(n -> n + 1).orElse(deployment.deployBlock());
        int events = 0;
        while (next <= target) {
            long to = Math.min(target, next + properties.maxBlocksPerPoll() - 1);
            events += indexRange(next, to);
            next = to + 1;
        }
        return new PollResult(head, next - 1, events, rolledBack);
    }

    /** The block the indexer has read up to, if any. */
    public Optional<Long> lastIndexedBlock() {
        return db.sql("SELECT MAX(number) FROM indexed_block").query(Long.class).optional();
    }

    private int indexRange(long from, long to) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), deployment.bountyMarket());
        EthLog response = web3j.ethGetLogs(filter).send();
        if (response.hasError()) {
            throw new IOException("eth_getLogs " + from + ".." + to + " failed: " + response.getError().getMessage());
        }
        List<Log> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : response.getLogs()) {
            logs.add((Log) result.get());
        }
        String endHash = blockHash(to);
        Integer stored = transactions.execute(status -> {
            lease.renewInTransaction();
            int count = 0;
            Map<Long, String> seenBlocks = new LinkedHashMap<>();
            for (Log log : logs) {
                try {
                    count += store(log) ? 1 : 0;
                } catch (IOException e) {
                    throw new IllegalStateException("could not decode log " + log.getTransactionHash() + "#" + log.getLogIndex(), e);
                }
                seenBlocks.put(log.getBlockNumber().longValue(), log.getBlockHash());
            }
            seenBlocks.put(to, endHash);
            seenBlocks.forEach(this::recordBlock);
            return count;
        });
        return stored == null ? 0 : stored;
    }

    /** Stores one event unless it is already there; applies it to the bounty summary. */
    private boolean store(Log log) throws IOException {
        Optional<MarketEventDecoder.DecodedEvent> decoded = decoder.decode(log);
        if (decoded.isEmpty()) {
            return false;
        }
        long block = log.getBlockNumber().longValue();
        int index = log.getLogIndex().intValue();
        boolean known = db.sql("SELECT COUNT(*) FROM chain_event WHERE block_number = ? AND log_index = ?")
                .params(block, index).query(Integer.class).single() > 0;
        if (known) {
            return false;
        }
        MarketEventDecoder.DecodedEvent event = decoded.get();
        db.sql("INSERT INTO chain_event (block_number, log_index, block_hash, tx_hash, event_name, bounty_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(block, index, log.getBlockHash(), log.getTransactionHash(), event.name(), event.bountyId(), event.payload())
                .update();
        projection.apply(event.name(), event.payload(), block);
        return true;
    }

    private void recordBlock(long number, String hash) {
        int updated = db.sql("UPDATE indexed_block SET hash = ? WHERE number = ?").params(hash, number).update();
        if (updated == 0) {
            db.sql("INSERT INTO indexed_block (number, hash) VALUES (?, ?)").params(number, hash).update();
        }
    }

    /** Returns how many recorded blocks were dropped. */
    private int rewindIfReorganized() throws IOException {
        List<Object[]> recorded = db.sql("SELECT number, hash FROM indexed_block ORDER BY number DESC")
                .query((row, n) -> new Object[] {row.getLong(1), row.getString(2)})
                .list();
        long keep = deployment.deployBlock() - 1;
        int dropped = 0;
        for (Object[] block : recorded) {
            Optional<String> current = blockHashIfExists((Long) block[0]);
            if (current.isPresent() && current.get().equalsIgnoreCase((String) block[1])) {
                keep = (Long) block[0];
                break;
            }
            dropped++;
        }
        if (dropped == 0) {
            return 0;
        }
        long forkPoint = keep;
        LOG.warn("chain reorganization: rolling back {} recorded block(s) after block {}", dropped, forkPoint);
        transactions.executeWithoutResult(status -> {
            lease.renewInTransaction();
            Set<String> affected = new TreeSet<>(db.sql("SELECT DISTINCT bounty_id FROM chain_event WHERE block_number > ? AND bounty_id IS NOT NULL")
                    .param(forkPoint).query(String.class).list());
            db.sql("DELETE FROM chain_event WHERE block_number > ?").param(forkPoint).update();
            db.sql("DELETE FROM indexed_block WHERE number > ?").param(forkPoint).update();
            projection.rebuild(affected);
        });
        return dropped;
    }

    private String blockHash(long number) throws IOException {
        return blockHashIfExists(number).orElseThrow(() -> new IOException("the node has no block " + number));
    }

    private Optional<String> blockHashIfExists(long number) throws IOException {
        var block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send().getBlock();
        return Optional.ofNullable(block).map(b -> b.getHash());
    }
}
