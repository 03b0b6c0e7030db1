package io.modelmarket.server.chain;

import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Wei;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Bounties as the indexer rebuilt them from chain events: a list with filters, and one with its timeline. */
@RestController
@RequestMapping("/api/bounties")
class BountyController {
    private final JdbcClient db;
    private final Leaderboard leaderboard;

    BountyController(JdbcClient db, Leaderboard leaderboard) {
        this.db = db;
        this.leaderboard = leaderboard;
    }

    /** One indexed bounty; {@code reward} and {@code trainerStake} in wei, as decimal strings (see {@link Wei}). */
    record Bounty(String id, String requester, String verifier, Wei reward, Wei trainerStake, long submissionDeadline,
            long responseWindow, int testSize, int numClasses, int maxSubmissions, String groundTruthCommitment, String trainingCid,
            String testInputsCid, String metadataCid, String phase, long phaseDeadline, int liveSubmissions, String winner, long createdBlock) {}

    /** Reads a bounty row by column name; cheaper than reflective record mapping, which dominated the list's time. */
    private static final org.springframework.jdbc.core.RowMapper<Bounty> BOUNTY_ROW = (row, n) -> new Bounty(row.getString("id"),
            row.getString("requester"), row.getString("verifier"), wei(row.getBigDecimal("reward")), wei(row.getBigDecimal("trainer_stake")),
            row.getLong("submission_deadline"), row.getLong("response_window"), row.getInt("test_size"), row.getInt("num_classes"),
            row.getInt("max_submissions"), row.getString("ground_truth_commitment"), row.getString("training_cid"),
            row.getString("test_inputs_cid"), row.getString("metadata_cid"), row.getString("phase"), row.getLong("phase_deadline"),
            row.getInt("live_submissions"), row.getString("winner"), row.getLong("created_block"));

    private static Wei wei(BigDecimal column) {
        return Wei.of(column.toBigIntegerExact());
    }

    record TimelineEvent(long block, int logIndex, String txHash, String name, String payload) {}

    record BountyDetail(Bounty bounty, List<TimelineEvent> timeline) {}

    @GetMapping
    List<Bounty> list(@RequestParam(required = false) String phase, @RequestParam(required = false) String requester,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (phase != null && !MarketEnums.PHASES.contains(phase)) {
            throw new IllegalArgumentException("unknown phase '" + phase + "'; one of " + MarketEnums.PHASES);
        }
        // Only the filters given go into the query, so the database can walk the matching index.
        StringBuilder sql = new StringBuilder("SELECT * FROM bounty WHERE 1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (phase != null) {
            sql.append(" AND phase = :phase");
            params.put("phase", phase);
        }
        if (requester != null) {
            sql.append(" AND requester = :requester");
            params.put("requester", requester.toLowerCase());
        }
        sql.append(" ORDER BY created_block DESC, id LIMIT :limit OFFSET :offset");
        params.put("limit", Math.min(Math.max(limit, 1), 500));
        params.put("offset", Math.max(offset, 0));
        return db.sql(sql.toString()).params(params).query(BOUNTY_ROW).list();
    }

    /** Submissions ranked by claim, with what each claim came to (revealed count, verdict, slash, win). */
    @GetMapping("/{id}/leaderboard")
    List<Leaderboard.Entry> leaderboard(@PathVariable String id) {
        return leaderboard.of(id);
    }

    @GetMapping("/{id}")
    BountyDetail get(@PathVariable String id) {
        Bounty bounty = db.sql("SELECT * FROM bounty WHERE id = ?").param(id.toLowerCase()).query(BOUNTY_ROW).optional()
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "no bounty " + id));
        List<TimelineEvent> timeline = db.sql("SELECT block_number, log_index, tx_hash, event_name, payload FROM chain_event "
                        + "WHERE bounty_id = ? ORDER BY block_number, log_index")
                .param(bounty.id())
                .query((row, n) -> new TimelineEvent(row.getLong(1), row.getInt(2), row.getString(3), row.getString(4), row.getString(5)))
                .list();
        return new BountyDetail(bounty, timeline);
    }
}
