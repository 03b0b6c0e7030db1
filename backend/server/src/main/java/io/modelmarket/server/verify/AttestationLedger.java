package io.modelmarket.server.verify;

import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The attestations this server's verifier has sent ({@code verifier_attestation}), one per candidate reveal:
 * what keeps it from sending one again between the moment the transaction is mined and the moment the
 * indexer reads it back, and across restarts.
 */
@Component
class AttestationLedger {
    /** One candidate's reveal: the bounty, the trainer, and the block of its CandidateRevealed event. */
    record Reveal(String bountyId, String trainer, long block) {}

    private final JdbcClient db;
    private final Clock clock = Clock.systemUTC();

    AttestationLedger(JdbcClient db) {
        this.db = db;
    }

    boolean recorded(Reveal reveal) {
        return db.sql("SELECT COUNT(*) FROM verifier_attestation WHERE bounty_id = ? AND trainer = ? AND reveal_block = ?")
                .params(reveal.bountyId(), reveal.trainer(), reveal.block()).query(Integer.class).single() > 0;
    }

    void record(Reveal reveal, String txHash, boolean reproduced, String reportCid) {
        db.sql("INSERT INTO verifier_attestation (bounty_id, trainer, reveal_block, tx_hash, reproduced, report_cid, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(reveal.bountyId(), reveal.trainer(), reveal.block(), txHash, reproduced, reportCid, clock.millis())
                .update();
    }
}
