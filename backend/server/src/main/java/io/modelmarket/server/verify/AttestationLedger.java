package io.modelmarket.server.verify;

import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The attestations this server's verifier has sent ({@code verifier_attestation}), one per
 * {@code attestVerification}, keyed by the candidate it judged first: what keeps it from sending one again
 * between the moment the transaction is mined and the moment the indexer reads it back, and across restarts.
 * A candidate is judged once: accepted, the bounty ends; rejected, it leaves the ranking.
 */
@Component
class AttestationLedger {
    /** One attestation: the bounty and the best candidate left when it was made. */
    record Batch(String bountyId, String firstTrainer) {}

    private final JdbcClient db;
    private final Clock clock = Clock.systemUTC();

    AttestationLedger(JdbcClient db) {
        this.db = db;
    }

    boolean recorded(Batch batch) {
        return db.sql("SELECT COUNT(*) FROM verifier_attestation WHERE bounty_id = ? AND first_trainer = ?")
                .params(batch.bountyId(), batch.firstTrainer()).query(Integer.class).single() > 0;
    }

    void record(Batch batch, int rejected, boolean acceptBest, String txHash, String reportCid) {
        db.sql("""
                        INSERT INTO verifier_attestation (bounty_id, first_trainer, rejected, accept_best, tx_hash, report_cid, sent_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(batch.bountyId(), batch.firstTrainer(), rejected, acceptBest, txHash, reportCid, clock.millis())
                .update();
    }
}
