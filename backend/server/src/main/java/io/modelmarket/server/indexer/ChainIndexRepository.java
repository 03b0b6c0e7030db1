package io.modelmarket.server.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Wei;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one owner of the SQL on the chain index: {@code indexed_block}, {@code chain_event}, {@code bounty} and
 * {@code skipped_event}. The indexer writes through it; controllers and services read through it, so a query
 * on those tables is written once, here.
 */
@Repository
public class ChainIndexRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient db;

    public ChainIndexRepository(JdbcClient db) {
        this.db = db;
    }

    /** A block the indexer recorded: the end of a range it read, or a block it found events in. */
    public record RecordedBlock(long number, String hash) {}

    /**
     * A bounty as its events made it. A CID field is null when the chain's string did not parse as a CID;
     * {@code cidProblem} then says which. {@code reward} and {@code trainerStake} are in wei, sent as decimal
     * strings (see {@link Wei}). {@code phase} is what the contract's {@code phaseOf} answers at {@code now} (the
     * stored phase moved on by the clock), {@code phaseDeadline} when it ends (0: never); {@code storedPhase} is
     * the last {@code PhaseChanged}. {@code sealingKey} is null until the requester released it.
     */
    public record Bounty(String id, String requester, String verifier, Wei reward, Wei trainerStake, long modelDeadline,
            long responseWindow, long testSize, int numClasses, long maxSubmissions, String metric, long minScore, long maxScore,
            String groundTruthCommitment, String sealingKeyCommitment, String trainingCid, String sealedTestInputsCid, String metadataCid,
            String cidProblem, String sealingKey, String phase, long phaseDeadline, String storedPhase, long now, int liveSubmissions,
            int predicted, int contenders, int candidates, String winner, Long winningScore, long createdBlock) {}

    /** What a {@code BountyCreated} event fixes: the row a bounty starts as (stored phase Open until its deadline). */
    public record CreatedBounty(String id, String requester, String verifier, Wei reward, Wei trainerStake, long modelDeadline,
            long responseWindow, long testSize, int numClasses, long maxSubmissions, String metric, long minScore,
            String groundTruthCommitment, String sealingKeyCommitment, String trainingCid, String sealedTestInputsCid, String metadataCid,
            String cidProblem, long createdBlock) {}

    /** The counters of a bounty the submission events move ({@code phaseOf} reads them). */
    public enum Counter {
        LIVE_SUBMISSIONS("live_submissions"),
        PREDICTED("predicted"),
        CONTENDERS("contenders"),
        CANDIDATES("candidates");

        private final String column;

        Counter(String column) {
            this.column = column;
        }
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

    /**
     * The phase {@code phaseOf} answers at {@code :now}, in SQL so that the list can filter on it: exactly the
     * contract's rules (BountyMarket.phaseOf). Only Open, Predicting and Claiming are stored with a deadline;
     * an end phase is stored with deadline 0, so the first test never holds for it.
     */
    private static final String EFFECTIVE_PHASE = """
            CASE WHEN :now < phase_deadline THEN phase
                 WHEN phase = 'Open' THEN CASE WHEN live_submissions = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + response_window THEN 'KeyRelease' ELSE 'RequesterSlashed' END
                 WHEN phase = 'Predicting' THEN CASE WHEN predicted = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + response_window THEN 'AwaitingGroundTruth' ELSE 'RequesterSlashed' END
                 WHEN phase = 'Claiming' THEN CASE WHEN contenders = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + response_window THEN 'Revealing'
                      WHEN candidates = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + 2 * response_window THEN 'Verifying' ELSE 'Completed' END
                 ELSE phase END""";

    private static final String SELECT_BOUNTY = "SELECT b.*, " + EFFECTIVE_PHASE + " AS effective_phase FROM bounty b";

    /** Reads a bounty row by column name; cheaper than reflective record mapping, which dominated the list's time. */
    private static RowMapper<Bounty> bountyRow(long now) {
        return (row, n) -> {
            String stored = row.getString("phase");
            String effective = row.getString("effective_phase");
            long storedDeadline = row.getLong("phase_deadline");
            long window = row.getLong("response_window");
            long winningScore = row.getLong("winning_score");
            Long winning = row.wasNull() ? null : winningScore;
            return new Bounty(row.getString("id"), row.getString("requester"), row.getString("verifier"), wei(row.getBigDecimal("reward")),
                    wei(row.getBigDecimal("trainer_stake")), row.getLong("model_deadline"), window, row.getLong("test_size"),
                    row.getInt("num_classes"), row.getLong("max_submissions"), row.getString("metric"), row.getLong("min_score"),
                    row.getLong("test_size"), row.getString("ground_truth_commitment"), row.getString("sealing_key_commitment"),
                    row.getString("training_cid"), row.getString("sealed_test_inputs_cid"), row.getString("metadata_cid"),
                    row.getString("cid_problem"), row.getString("sealing_key"), effective,
                    deadlineOf(effective, stored, storedDeadline, window), stored, now, row.getInt("live_submissions"), row.getInt("predicted"),
                    row.getInt("contenders"), row.getInt("candidates"), row.getString("winner"), winning, row.getLong("created_block"));
        };
    }

    /**
     * When the effective phase ends: the stored deadline while it holds, one window after it for the phases
     * the clock derives from it, two for Verifying (it follows Revealing); 0 for an end.
     */
    static long deadlineOf(String effective, String stored, long storedDeadline, long window) {
        if (MarketEnums.ended(effective)) {
            return 0;
        }
        if (effective.equals(stored)) {
            return storedDeadline;
        }
        return storedDeadline + (effective.equals("Verifying") ? 2 * window : window);
    }

    private static Wei wei(BigDecimal column) {
        return Wei.of(column.toBigIntegerExact());
    }

    private static final RowMapper<StoredEvent> EVENT_ROW = (row, n) -> {
        long time = row.getLong("block_time");
        return new StoredEvent(row.getLong("block_number"), row.getInt("log_index"), row.wasNull() ? null : time, row.getString("tx_hash"),
                row.getString("event_name"), row.getString("trainer"), row.getString("payload"));
    };

    // ---- indexed_block ----

    /** The newest recorded block: one row, read through the primary key's index. */
    public Optional<RecordedBlock> newestBlock() {
        return db.sql("SELECT number, hash FROM indexed_block ORDER BY number DESC LIMIT 1")
                .query((row, n) -> new RecordedBlock(row.getLong(1), row.getString(2)))
                .optional();
    }

    /** The newest recorded block below {@code number}, for walking back after a reorganization. */
    public Optional<RecordedBlock> newestBlockBefore(long number) {
        return db.sql("SELECT number, hash FROM indexed_block WHERE number < ? ORDER BY number DESC LIMIT 1")
                .param(number)
                .query((row, n) -> new RecordedBlock(row.getLong(1), row.getString(2)))
                .optional();
    }

    /** The recorded hash of block {@code number}, if it was recorded. */
    public Optional<String> recordedHash(long number) {
        return db.sql("SELECT hash FROM indexed_block WHERE number = ?").param(number).query(String.class).optional();
    }

    public void recordBlock(long number, String hash) {
        int updated = db.sql("UPDATE indexed_block SET hash = ? WHERE number = ?").params(hash, number).update();
        if (updated == 0) {
            db.sql("INSERT INTO indexed_block (number, hash) VALUES (?, ?)").params(number, hash).update();
        }
    }

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
     * Deletes every event and block record after {@code forkPoint} and returns the bounties those events
     * concerned (to be rebuilt from what remains).
     */
    public Set<String> deleteAfter(long forkPoint) {
        Set<String> affected = new TreeSet<>(db.sql("SELECT DISTINCT bounty_id FROM chain_event WHERE block_number > ? AND bounty_id IS NOT NULL")
                .param(forkPoint).query(String.class).list());
        db.sql("DELETE FROM chain_event WHERE block_number > ?").param(forkPoint).update();
        db.sql("DELETE FROM indexed_block WHERE number > ?").param(forkPoint).update();
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
                .map(ChainIndexRepository::parse);
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
                .map(ChainIndexRepository::parse);
    }

    // ---- bounty ----

    public void insertBounty(CreatedBounty bounty) {
        db.sql("""
                        INSERT INTO bounty (id, requester, verifier, reward, trainer_stake, model_deadline, response_window, test_size,
                            num_classes, max_submissions, metric, min_score, ground_truth_commitment, sealing_key_commitment, training_cid,
                            sealed_test_inputs_cid, metadata_cid, cid_problem, phase, phase_deadline, live_submissions, predicted, contenders,
                            candidates, created_block)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Open', ?, 0, 0, 0, 0, ?)""")
                .params(bounty.id(), bounty.requester(), bounty.verifier(), new BigDecimal(bounty.reward().value()),
                        new BigDecimal(bounty.trainerStake().value()), bounty.modelDeadline(), bounty.responseWindow(), bounty.testSize(),
                        bounty.numClasses(), bounty.maxSubmissions(), bounty.metric(), bounty.minScore(), bounty.groundTruthCommitment(),
                        bounty.sealingKeyCommitment(), bounty.trainingCid(), bounty.sealedTestInputsCid(), bounty.metadataCid(), bounty.cidProblem(),
                        bounty.modelDeadline(), bounty.createdBlock())
                .update();
    }

    public void setPhase(String bountyId, String phase, long deadline) {
        db.sql("UPDATE bounty SET phase = ?, phase_deadline = ? WHERE id = ?").params(phase, deadline, bountyId).update();
    }

    public void addTo(String bountyId, Counter counter, int change) {
        db.sql("UPDATE bounty SET " + counter.column + " = " + counter.column + " + ? WHERE id = ?").params(change, bountyId).update();
    }

    public void setSealingKey(String bountyId, String key) {
        db.sql("UPDATE bounty SET sealing_key = ? WHERE id = ?").params(key, bountyId).update();
    }

    public void setWinner(String bountyId, String winner, long score) {
        db.sql("UPDATE bounty SET winner = ?, winning_score = ? WHERE id = ?").params(winner, score, bountyId).update();
    }

    public void deleteBounty(String bountyId) {
        db.sql("DELETE FROM bounty WHERE id = ?").param(bountyId).update();
    }

    /** The bounty as it stands at {@code now} (Unix seconds of the chain's clock). */
    public Optional<Bounty> bounty(String bountyId, long now) {
        return db.sql(SELECT_BOUNTY + " WHERE b.id = :id").param("id", bountyId.toLowerCase()).param("now", now).query(bountyRow(now)).optional();
    }

    /** Bounties newest first, optionally of one (effective) phase and one requester, as they stand at {@code now}. */
    public List<Bounty> bounties(String phase, String requester, int limit, int offset, long now) {
        // Only the filters given go into the query, so the database can walk the matching index.
        StringBuilder sql = new StringBuilder(SELECT_BOUNTY + " WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        params.put("now", now);
        if (phase != null) {
            sql.append(" AND ").append(EFFECTIVE_PHASE).append(" = :phase");
            params.put("phase", phase);
        }
        if (requester != null) {
            sql.append(" AND requester = :requester");
            params.put("requester", requester.toLowerCase());
        }
        sql.append(" ORDER BY created_block DESC, id LIMIT :limit OFFSET :offset");
        params.put("limit", limit);
        params.put("offset", offset);
        return db.sql(sql.toString()).params(params).query(bountyRow(now)).list();
    }

    /** Bounties in Verifying at {@code now} that name {@code verifier}. */
    public List<String> bountiesVerifying(String verifier, long now) {
        return db.sql("SELECT id FROM (" + SELECT_BOUNTY + " WHERE b.verifier = :verifier) v WHERE v.effective_phase = 'Verifying'")
                .param("verifier", verifier.toLowerCase()).param("now", now).query(String.class).list();
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
