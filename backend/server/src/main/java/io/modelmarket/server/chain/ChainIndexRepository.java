package io.modelmarket.server.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
     * strings (see {@link Wei}).
     */
    public record Bounty(String id, String requester, String verifier, Wei reward, Wei trainerStake, long submissionDeadline,
            long responseWindow, long testSize, int numClasses, int maxSubmissions, String groundTruthCommitment, String trainingCid,
            String testInputsCid, String metadataCid, String cidProblem, String phase, long phaseDeadline, int liveSubmissions, String winner,
            long createdBlock) {}

    /** One stored event, with its fields as the JSON the decoder wrote. */
    public record StoredEvent(long block, int logIndex, String txHash, String name, String payload) {
        public JsonNode fields() {
            return parse(payload);
        }
    }

    /** An event an operator told the indexer to skip, and why it could not be stored. */
    public record SkippedEvent(long blockNumber, int logIndex, String blockHash, String txHash, String reason, Instant skippedAt) {}

    /** Reads a bounty row by column name; cheaper than reflective record mapping, which dominated the list's time. */
    private static final RowMapper<Bounty> BOUNTY_ROW = (row, n) -> new Bounty(row.getString("id"),
            row.getString("requester"), row.getString("verifier"), wei(row.getBigDecimal("reward")), wei(row.getBigDecimal("trainer_stake")),
            row.getLong("submission_deadline"), row.getLong("response_window"), row.getLong("test_size"), row.getInt("num_classes"),
            row.getInt("max_submissions"), row.getString("ground_truth_commitment"), row.getString("training_cid"),
            row.getString("test_inputs_cid"), row.getString("metadata_cid"), row.getString("cid_problem"), row.getString("phase"),
            row.getLong("phase_deadline"), row.getInt("live_submissions"), row.getString("winner"), row.getLong("created_block"));

    private static Wei wei(BigDecimal column) {
        return Wei.of(column.toBigIntegerExact());
    }

    private static final RowMapper<StoredEvent> EVENT_ROW = (row, n) -> new StoredEvent(row.getLong("block_number"),
            row.getInt("log_index"), row.getString("tx_hash"), row.getString("event_name"), row.getString("payload"));

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

    public void insertEvent(long blockNumber, int logIndex, String blockHash, String txHash, String name, String bountyId, String payload) {
        db.sql("INSERT INTO chain_event (block_number, log_index, block_hash, tx_hash, event_name, bounty_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(blockNumber, logIndex, blockHash, txHash, name, bountyId, payload)
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
        return db.sql("SELECT block_number, log_index, tx_hash, event_name, payload FROM chain_event WHERE bounty_id = ? "
                        + "ORDER BY block_number, log_index")
                .param(bountyId.toLowerCase())
                .query(EVENT_ROW)
                .list();
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

    public void insertBounty(Bounty bounty) {
        db.sql("""
                        INSERT INTO bounty (id, requester, verifier, reward, trainer_stake, submission_deadline, response_window,
                            test_size, num_classes, max_submissions, ground_truth_commitment, training_cid, test_inputs_cid,
                            metadata_cid, cid_problem, phase, phase_deadline, live_submissions, created_block)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(bounty.id(), bounty.requester(), bounty.verifier(), new BigDecimal(bounty.reward().value()), new BigDecimal(bounty.trainerStake().value()), bounty.submissionDeadline(),
                        bounty.responseWindow(), bounty.testSize(), bounty.numClasses(), bounty.maxSubmissions(), bounty.groundTruthCommitment(),
                        bounty.trainingCid(), bounty.testInputsCid(), bounty.metadataCid(), bounty.cidProblem(), bounty.phase(),
                        bounty.phaseDeadline(), bounty.liveSubmissions(), bounty.createdBlock())
                .update();
    }

    public void setPhase(String bountyId, String phase, long deadline) {
        db.sql("UPDATE bounty SET phase = ?, phase_deadline = ? WHERE id = ?").params(phase, deadline, bountyId).update();
    }

    public void addLiveSubmissions(String bountyId, int change) {
        db.sql("UPDATE bounty SET live_submissions = live_submissions + ? WHERE id = ?").params(change, bountyId).update();
    }

    public void setWinner(String bountyId, String winner) {
        db.sql("UPDATE bounty SET winner = ? WHERE id = ?").params(winner, bountyId).update();
    }

    public void deleteBounty(String bountyId) {
        db.sql("DELETE FROM bounty WHERE id = ?").param(bountyId).update();
    }

    public Optional<Bounty> bounty(String bountyId) {
        return db.sql("SELECT * FROM bounty WHERE id = ?").param(bountyId.toLowerCase()).query(BOUNTY_ROW).optional();
    }

    /** Bounties newest first, optionally of one phase and one requester. */
    public List<Bounty> bounties(String phase, String requester, int limit, int offset) {
        // Only the filters given go into the query, so the database can walk the matching index.
        StringBuilder sql = new StringBuilder("SELECT * FROM bounty WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (phase != null) {
            sql.append(" AND phase = :phase");
            params.put("phase", phase);
        }
        if (requester != null) {
            sql.append(" AND requester = :requester");
            params.put("requester", requester.toLowerCase());
        }
        sql.append(" ORDER BY created_block DESC, id LIMIT :limit OFFSET :offset");
        params.put("limit", limit);
        params.put("offset", offset);
        return db.sql(sql.toString()).params(params).query(BOUNTY_ROW).list();
    }

    /** Bounties in Verifying that name {@code verifier} and whose latest candidate reveal it has not attested yet. */
    public List<String> bountiesAwaitingVerification(String verifier) {
        return db.sql("""
                        SELECT b.id FROM bounty b WHERE b.phase = 'Verifying' AND b.verifier = ?
                        AND NOT EXISTS (SELECT 1 FROM chain_event a WHERE a.bounty_id = b.id AND a.event_name = 'VerificationAttested'
                            AND a.block_number >= (SELECT MAX(r.block_number) FROM chain_event r WHERE r.bounty_id = b.id AND r.event_name = 'CandidateRevealed'))""")
                .param(verifier.toLowerCase()).query(String.class).list();
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
