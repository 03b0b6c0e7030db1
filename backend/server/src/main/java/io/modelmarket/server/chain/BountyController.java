package io.modelmarket.server.chain;

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

    BountyController(JdbcClient db) {
        this.db = db;
    }

    record Bounty(String id, String requester, String verifier, BigDecimal reward, BigDecimal trainerStake, long submissionDeadline,
            long responseWindow, int testSize, int numClasses, int maxSubmissions, String groundTruthCommitment, String trainingCid,
            String testInputsCid, String metadataCid, String phase, long phaseDeadline, int liveSubmissions, String winner, long createdBlock) {}

    record TimelineEvent(long block, int logIndex, String txHash, String name, String payload) {}

    record BountyDetail(Bounty bounty, List<TimelineEvent> timeline) {}

    @GetMapping
    List<Bounty> list(@RequestParam(required = false) String phase, @RequestParam(required = false) String requester,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (phase != null && !BountyProjection.PHASES.contains(phase)) {
            throw new IllegalArgumentException("unknown phase '" + phase + "'; one of " + BountyProjection.PHASES);
        }
        return db.sql("SELECT * FROM bounty WHERE (CAST(:phase AS VARCHAR(32)) IS NULL OR phase = :phase) AND (CAST(:requester AS VARCHAR(42)) IS NULL OR requester = :requester) "
                        + "ORDER BY created_block DESC, id LIMIT :limit OFFSET :offset")
                .params(Map.of("limit", Math.min(Math.max(limit, 1), 500), "offset", Math.max(offset, 0)))
                .param("phase", phase)
                .param("requester", requester == null ? null : requester.toLowerCase())
                .query(Bounty.class)
                .list();
    }

    @GetMapping("/{id}")
    BountyDetail get(@PathVariable String id) {
        Bounty bounty = db.sql("SELECT * FROM bounty WHERE id = ?").param(id.toLowerCase()).query(Bounty.class).optional()
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "no bounty " + id));
        List<TimelineEvent> timeline = db.sql("SELECT block_number, log_index, tx_hash, event_name, payload FROM chain_event "
                        + "WHERE bounty_id = ? ORDER BY block_number, log_index")
                .param(bounty.id())
                .query((row, n) -> new TimelineEvent(row.getLong(1), row.getInt(2), row.getString(3), row.getString(4), row.getString(5)))
                .list();
        return new BountyDetail(bounty, timeline);
    }
}
