package io.modelmarket.server.indexer;

import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.chain.ChainProperties;
import io.modelmarket.chain.Deployment;
import io.modelmarket.chain.MarketEventDecoder;
import io.modelmarket.server.web.Redaction;
import io.modelmarket.server.indexer.ChainEvents.SkippedEvent;
import io.modelmarket.server.indexer.IndexedBlocks.RecordedBlock;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows BountyMarket's events (the deployment's {@code bountyMarket}) from its deployment block into the database, {@code confirmations} blocks
 * behind the head. Restart-safe: progress is the newest row of {@code indexed_block}, written in the same
 * transaction as the events it covers. Duplicate-safe: an event is keyed by (block, log index) and stored
 * once. Reorg-safe: before each poll the newest recorded block hash is compared with the chain's; on a
 * mismatch the indexer walks back to the newest recorded block the chain still has, deletes everything
 * after it and rebuilds the affected bounties from their remaining events. A range is stored only when the
 * hash of its end block is the same before and after its logs were read, and its first block follows the
 * recorded one.
 *
 * <p>An event it cannot decode or store stops the indexer at that event: {@link #stuck()} (shown in
 * {@code /actuator/health}) names it and why, and it is skipped only when an operator says so
 * ({@link #skip}, {@code POST /api/operator/indexer/skip}); the skip is recorded in {@code skipped_event}.
 *
 * <p>Shared-database-safe: only the holder of the {@link IndexerLease} polls, and it renews the lease in
 * every transaction that writes, so a server that lost it never commits.
 */
public class ChainIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(ChainIndexer.class);

    /** What one poll did. */
    public record PollResult(long head, long indexedTo, int newEvents, int rolledBackBlocks) {}

    /** The event the indexer cannot get past, and why. */
    public record StuckEvent(long blockNumber, int logIndex, String blockHash, String txHash, String event, String reason, Instant since) {}

    /** A range changed (a reorganization) while it was read; nothing of it was stored. */
    static final class ReorganizedWhileReading extends IOException {
        ReorganizedWhileReading(String message) {
            super(message);
        }
    }

    /** An event could not be decoded or stored; its range was rolled back. */
    static final class EventNotStored extends RuntimeException {
        final StuckEvent stuck;

        EventNotStored(StuckEvent stuck, Throwable cause) {
            super("event " + stuck.event() + " at block " + stuck.blockNumber() + " log " + stuck.logIndex() + " could not be stored: "
                    + stuck.reason(), cause);
            this.stuck = stuck;
        }
    }

    private final Web3j web3j;
    private final Deployment deployment;
    private final ChainProperties properties;
    private final IndexedBlocks blocks;
    private final ChainEvents events;
    private final TransactionTemplate transactions;
    private final BountyProjection projection;
    private final IndexerLease lease;
    private final ChainClock clock;
    private final MarketEventDecoder decoder = new MarketEventDecoder();
    private volatile StuckEvent stuck;

    public ChainIndexer(Web3j web3j, Deployment deployment, ChainProperties properties, IndexedBlocks blocks, ChainEvents events,
            TransactionTemplate transactions, BountyProjection projection, IndexerLease lease, ChainClock clock) {
        this.web3j = web3j;
        this.deployment = deployment;
        this.properties = properties;
        this.blocks = blocks;
        this.events = events;
        this.transactions = transactions;
        this.projection = projection;
        this.lease = lease;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${modelmarket.chain.poll-interval:1s}", fixedDelayString = "${modelmarket.chain.poll-interval:1s}")
    void scheduledPoll() {
        try {
            pollOnce();
        } catch (EventNotStored e) {
            LOG.debug("indexer still stopped: {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("indexer poll failed, retrying next time: {}", Redaction.redact(e.getMessage()));
        }
    }

    /**
     * Rolls back a reorganization if there was one, then indexes every confirmed block not yet indexed; does
     * nothing while another server holds the indexer lease.
     *
     * @throws EventNotStored when an event cannot be stored (see {@link #stuck()})
     */
    public synchronized PollResult pollOnce() throws IOException {
        if (!lease.acquire()) {
            return new PollResult(head(), lastIndexedBlock().orElse(-1L), 0, 0);
        }
        int rolledBack = rewindIfReorganized();
        long head = head();
        long target = head - properties.confirmations();
        long next = lastIndexedBlock().map(n -> n + 1).orElse(deployment.deployBlock());
        int newEvents = 0;
        while (next <= target) {
            long to = Math.min(target, next + properties.maxBlocksPerPoll() - 1);
            newEvents += indexRange(next, to);
            next = to + 1;
        }
        return new PollResult(head, next - 1, newEvents, rolledBack);
    }

    /** The newest block's number; its timestamp goes to the {@link ChainClock} (every server polls this, indexing or not). */
    private long head() throws IOException {
        EthBlock.Block newest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        if (newest == null) {
            throw new IOException("the node has no latest block");
        }
        clock.observe(newest.getTimestamp().longValue());
        return newest.getNumber().longValue();
    }

    /** The block the indexer has read up to, if any (the newest recorded block: one row). */
    public Optional<Long> lastIndexedBlock() {
        return blocks.newestBlock().map(RecordedBlock::number);
    }

    /** The event the indexer is stopped at, or null when it is not stopped. */
    public StuckEvent stuck() {
        return stuck;
    }

    /**
     * An operator's word: skip the event the indexer is stopped at. Only that event can be skipped, named by its
     * block hash and log index; the skip is recorded with the reason and the time.
     *
     * @return the skip as recorded
     * @throws IllegalStateException when the indexer is not stopped at that event
     */
    public synchronized SkippedEvent skip(String blockHash, int logIndex) {
        StuckEvent current = stuck;
        if (current == null || blockHash == null || !current.blockHash().equalsIgnoreCase(blockHash) || current.logIndex() != logIndex) {
            throw new IllegalStateException(current == null ? "the indexer is not stopped at any event"
                    : "the indexer is stopped at block hash " + current.blockHash() + " log " + current.logIndex() + ", not at the event named");
        }
        SkippedEvent skipped = new SkippedEvent(current.blockNumber(), current.logIndex(), current.blockHash(), current.txHash(),
                current.event() + ": " + current.reason(), Instant.now());
        events.recordSkip(skipped);
        stuck = null;
        LOG.warn("operator skipped event {} at block {} log {} (tx {}): {}", current.event(), current.blockNumber(), current.logIndex(),
                current.txHash(), current.reason());
        return skipped;
    }

    private int indexRange(long from, long to) throws IOException {
        String endBefore = blockHash(to);
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
        Optional<String> recordedParent = blocks.recordedHash(from - 1);
        if (recordedParent.isPresent()) {
            String parent = block(from).orElseThrow(() -> new IOException("the node has no block " + from)).getParentHash();
            if (!parent.equalsIgnoreCase(recordedParent.get())) {
                throw new ReorganizedWhileReading("block " + from + " no longer follows the recorded block " + (from - 1)
                        + "; the next poll rolls back");
            }
        }
        String endAfter = blockHash(to);
        if (!endAfter.equalsIgnoreCase(endBefore)) {
            throw new ReorganizedWhileReading("block " + to + " changed while its range was read; reading it again next poll");
        }
        Map<String, Long> blockTimes = new HashMap<>();
        for (Log log : logs) {
            if (log.getBlockNumber().longValue() == to && !endAfter.equalsIgnoreCase(log.getBlockHash())) {
                throw new ReorganizedWhileReading("a log of block " + to + " belongs to another block; reading the range again next poll");
            }
            if (!blockTimes.containsKey(log.getBlockHash().toLowerCase())) {
                blockTimes.put(log.getBlockHash().toLowerCase(), blockTime(log));
            }
        }
        Integer stored;
        try {
            stored = transactions.execute(status -> {
                lease.renewInTransaction();
                int count = 0;
                Map<Long, String> seenBlocks = new LinkedHashMap<>();
                for (Log log : logs) {
                    count += store(log, blockTimes.get(log.getBlockHash().toLowerCase())) ? 1 : 0;
                    seenBlocks.put(log.getBlockNumber().longValue(), log.getBlockHash());
                }
                seenBlocks.put(to, endAfter);
                seenBlocks.forEach(blocks::recordBlock);
                return count;
            });
        } catch (EventNotStored e) {
            StuckEvent previous = stuck;
            boolean same = previous != null && previous.blockHash().equalsIgnoreCase(e.stuck.blockHash()) && previous.logIndex() == e.stuck.logIndex();
            stuck = same ? previous : e.stuck;
            if (!same) {
                LOG.error("indexer stopped: {}; an operator may skip it with POST /api/operator/indexer/skip", e.getMessage());
            }
            throw e;
        }
        StuckEvent previous = stuck;
        if (previous != null && previous.blockNumber() <= to) {
            stuck = null; // stored after all (the cause went away)
        }
        return stored == null ? 0 : stored;
    }

    /** The timestamp of the block a log is in, read by the block's hash (a reorganized block is not mistaken for it). */
    private long blockTime(Log log) throws IOException {
        EthBlock.Block block = web3j.ethGetBlockByHash(log.getBlockHash(), false).send().getBlock();
        if (block == null) {
            throw new ReorganizedWhileReading("block " + log.getBlockHash() + " of a log is gone; reading the range again next poll");
        }
        return block.getTimestamp().longValue();
    }

    /** Stores one event unless it is already there or skipped; applies it to the bounty summary. */
    private boolean store(Log log, long blockTime) {
        long block = log.getBlockNumber().longValue();
        int logIndex = log.getLogIndex().intValue();
        if (events.isSkipped(log.getBlockHash(), logIndex)) {
            return false;
        }
        String name = "unknown event";
        try {
            Optional<MarketEventDecoder.DecodedEvent> decoded = decoder.decode(log);
            if (decoded.isEmpty()) {
                return false;
            }
            MarketEventDecoder.DecodedEvent event = decoded.get();
            name = event.name();
            if (events.hasEvent(block, logIndex)) {
                return false;
            }
            String trainer = ChainEvents.parse(event.payload()).path("trainer").asText(null);
            events.insertEvent(block, logIndex, log.getBlockHash(), blockTime, log.getTransactionHash(), event.name(), event.bountyId(),
                    trainer == null ? null : trainer.toLowerCase(), event.payload());
            projection.apply(event.name(), event.payload(), block, logIndex);
            return true;
        } catch (RuntimeException e) {
            throw new EventNotStored(new StuckEvent(block, logIndex, log.getBlockHash().toLowerCase(), log.getTransactionHash(), name,
                    reason(e), Instant.now()), e);
        }
    }

    /** Why an event could not be stored, for the operator: the causes' messages, without URLs' secrets, bounded. */
    private static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = e; cause != null && reason.length() < 1000; cause = cause.getCause()) {
            if (!reason.isEmpty()) {
                reason.append(" / ");
            }
            reason.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        String text = Redaction.redact(reason.toString());
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }

    /** Returns how many recorded blocks were dropped. Reads the newest recorded block, and older ones only on a mismatch. */
    private int rewindIfReorganized() throws IOException {
        Optional<RecordedBlock> newest = blocks.newestBlock();
        if (newest.isEmpty() || stillOnChain(newest.get())) {
            return 0;
        }
        long keep = deployment.deployBlock() - 1;
        int dropped = 1;
        for (RecordedBlock cursor = newest.get(); ; ) {
            Optional<RecordedBlock> previous = blocks.newestBlockBefore(cursor.number());
            if (previous.isEmpty()) {
                break;
            }
            if (stillOnChain(previous.get())) {
                keep = previous.get().number();
                break;
            }
            dropped++;
            cursor = previous.get();
        }
        long forkPoint = keep;
        LOG.warn("chain reorganization: rolling back {} recorded block(s) after block {}", dropped, forkPoint);
        transactions.executeWithoutResult(status -> {
            lease.renewInTransaction();
            Set<String> affected = events.deleteAfter(forkPoint);
            blocks.deleteAfter(forkPoint);
            projection.rebuild(affected);
        });
        StuckEvent previous = stuck;
        if (previous != null && previous.blockNumber() > forkPoint) {
            stuck = null; // that event is gone with its block
        }
        return dropped;
    }

    private boolean stillOnChain(RecordedBlock recorded) throws IOException {
        Optional<String> current = block(recorded.number()).map(EthBlock.Block::getHash);
        return current.isPresent() && current.get().equalsIgnoreCase(recorded.hash());
    }

    private String blockHash(long number) throws IOException {
        return block(number).map(EthBlock.Block::getHash).orElseThrow(() -> new IOException("the node has no block " + number));
    }

    private Optional<EthBlock.Block> block(long number) throws IOException {
        return Optional.ofNullable(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send().getBlock());
    }
}
