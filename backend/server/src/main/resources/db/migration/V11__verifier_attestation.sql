-- Attestations the server's verifier has sent, one per candidate reveal (bounty, trainer, block of the
-- CandidateRevealed event), written right after the transaction is mined: a restart or a second server
-- never sends the same attestation again, even before the indexer has read it back from the chain.
CREATE TABLE verifier_attestation (
    bounty_id    VARCHAR(66)  NOT NULL,
    trainer      VARCHAR(42)  NOT NULL,
    reveal_block BIGINT       NOT NULL,
    tx_hash      VARCHAR(66)  NOT NULL,
    reproduced   BOOLEAN      NOT NULL,
    report_cid   VARCHAR(128) NOT NULL,
    sent_at      BIGINT       NOT NULL,
    PRIMARY KEY (bounty_id, trainer, reveal_block)
);
