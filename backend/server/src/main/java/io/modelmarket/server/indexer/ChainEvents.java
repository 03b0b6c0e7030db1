package io.modelmarket.server.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The market's events as the indexer stored them ({@code chain_event}), and those an operator told it to skip
 * ({@code skipped_event}). The one owner of the SQL on those tables: the indexer writes through it, controllers
 * and services read a bounty's events through it.
 */
@Repository
public class ChainEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient db;

    public ChainEvents(JdbcClient db) {
        this.db = db;
    }

    /**
     * One stored event, with its fields as the JSON the decoder wrote.
     *
     * @param time the block's timestamp (Unix seconds)
     * @param trainer the trainer the event names, lower case, or null
     */
    public record StoredEvent(long block, int logIndex, Long time, String txHash, String name, String trainer, String payload) {
        public JsonNode fields() {
            return parse(payload);
        }
    }

    /** An event an operator told the indexer to skip, and why it could not be stored. */
    public record SkippedEvent(long blockNumber, int logIndex, String blockHash, String txHash, String reason, Instant skippedAt) {}

    private static final RowMapper<StoredEvent> EVENT_ROW = (row, n) -> {
        long time = row.getLong("block_time");
        return new StoredEvent(row.getLong("block_number"), row.getInt("log_index"), row.wasNull() ? null : time, row.getString("tx_hash"),
                row.getString("event_name"), row.getString("trainer"), row.getString("payload"));
    };

    // ---- chain_event ----

    public boolean hasEvent(long blockNumber, int logIndex) {
        return db.sql("SELECT COUNT(*) FROM chain_event WHERE block_number = ? AND log_index = ?")
                .params(blockNumber, logIndex).query(Integer.class).single() > 0;
    }

    public void insertEvent(long blockNumber, int logIndex, String blockHash, long blockTime, String txHash, String name, String bountyId,
            String trainer, String payload) {
        db.sql("""
                        INSERT INTO chain_event (block_number, log_index, block_hash, block_time, tx_hash, event_name, bounty_id, trainer, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(blockNumber, logIndex, blockHash, blockTime, txHash, name, bountyId, trainer, payload)
                .update();
    }

    /**
     * Deletes every event after {@code forkPoint} and returns the bounties those events concerned (to be rebuilt
     * from what remains).
     */
    public Set<String> deleteAfter(long forkPoint) {
        Set<String> affected = new TreeSet<>(db.sql("SELECT DISTINCT bounty_id FROM chain_event WHERE block_number > ? AND bounty_id IS NOT NULL")
                .param(forkPoint).query(String.class).list());
        db.sql("DELETE FROM chain_event WHERE block_number > ?").param(forkPoint).update();
        return affected;
    }

    /** A bounty's events in chain order (its timeline). */
    public List<StoredEvent> eventsOf(String bountyId) {
        return db.sql("SELECT block_number, log_index, block_time, tx_hash, event_name, trainer, payload FROM chain_event WHERE bounty_id = ? "
                        + "ORDER BY block_number, log_index")
                .param(bountyId.toLowerCase())
                .query(EVENT_ROW)
                .list();
    }

    /** The fields of the latest event called {@code name} that the bounty has for {@code trainer}, if any. */
    public Optional<JsonNode> latestEventOf(String bountyId, String name, String trainer) {
        return db.sql("""
                        SELECT payload FROM chain_event WHERE bounty_id = ? AND event_name = ? AND trainer = ?
                        ORDER BY block_number DESC, log_index DESC LIMIT 1""")
                .params(bountyId.toLowerCase(), name, trainer.toLowerCase())
                .query(String.class)
                .optional()
                .map(ChainEvents::parse);
    }

    /** How many events called {@code name} the bounty has for {@code trainer}, up to and including the one at (block, log index). */
    public int countEventsUpTo(String bountyId, String name, String trainer, long block, int logIndex) {
        return db.sql("""
                        SELECT COUNT(*) FROM chain_event WHERE bounty_id = ? AND event_name = ? AND trainer = ?
                        AND (block_number < ? OR (block_number = ? AND log_index <= ?))""")
                .params(bountyId.toLowerCase(), name, trainer.toLowerCase(), block, block, logIndex).query(Integer.class).single();
    }

    /** The fields of the bounty's latest indexed event called {@code name}, if it has one. */
    public Optional<JsonNode> latestEvent(String bountyId, String name) {
        return db.sql("SELECT payload FROM chain_event WHERE bounty_id = ? AND event_name = ? ORDER BY block_number DESC, log_index DESC LIMIT 1")
                .params(bountyId.toLowerCase(), name)
                .query(String.class)
                .optional()
                .map(ChainEvents::parse);
    }

    // ---- skipped_event ----

    public boolean isSkipped(String blockHash, int logIndex) {
        return db.sql("SELECT COUNT(*) FROM skipped_event WHERE block_hash = ? AND log_index = ?")
                .params(blockHash.toLowerCase(), logIndex).query(Integer.class).single() > 0;
    }

    public void recordSkip(SkippedEvent skipped) {
        db.sql("INSERT INTO skipped_event (block_hash, log_index, block_number, tx_hash, reason, skipped_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(skipped.blockHash().toLowerCase(), skipped.logIndex(), skipped.blockNumber(), skipped.txHash(),
                        skipped.reason().length() > 2000 ? skipped.reason().substring(0, 2000) : skipped.reason(), Timestamp.from(skipped.skippedAt()))
                .update();
    }

    public List<SkippedEvent> skippedEvents() {
        return db.sql("SELECT block_number, log_index, block_hash, tx_hash, reason, skipped_at FROM skipped_event ORDER BY block_number, log_index")
                .query((row, n) -> new SkippedEvent(row.getLong(1), row.getInt(2), row.getString(3), row.getString(4), row.getString(5),
                        row.getTimestamp(6).toInstant()))
                .list();
    }

    static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt event payload", e);
        }
    }
}
