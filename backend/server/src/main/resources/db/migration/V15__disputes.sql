-- Disputes (docs/protocol.md, "Disputes"). The verification's proposal (WinnerProposed): the proposed winner, the zero
-- address when the verifier proposes that nobody reproduces, null before any proposal. phaseOf reads it at the end of
-- Challenging (Completed with it, NoWinner without).
ALTER TABLE bounty ADD COLUMN proposed_winner VARCHAR(42);

-- The disputes the market raised with its arbitrator (DisputeRaised), by the arbitrator's dispute id, and the ruling
-- applied (DisputeRuled; null until then). kind: TestInputs or Verification; fee in wei, deposit in token wei.
CREATE TABLE bounty_dispute (
    dispute_id   NUMERIC(78,0) PRIMARY KEY,
    bounty_id    VARCHAR(66)   NOT NULL,
    kind         VARCHAR(32)   NOT NULL,
    disputer     VARCHAR(42)   NOT NULL,
    fee          NUMERIC(78,0) NOT NULL,
    deposit      NUMERIC(78,0) NOT NULL,
    raised_block BIGINT        NOT NULL,
    ruling       NUMERIC(78,0),
    overturned   BOOLEAN,
    ruled_block  BIGINT
);
CREATE INDEX bounty_dispute_bounty ON bounty_dispute (bounty_id);

-- ERC-1497 evidence on a bounty (Evidence, evidence group = the bounty id), in chain order. Anyone may submit any
-- string: evidence_cid holds the CID of an /ipfs/<cid> URI, null when the string is not one (never a link then).
CREATE TABLE bounty_evidence (
    bounty_id    VARCHAR(66)   NOT NULL,
    block_number BIGINT        NOT NULL,
    log_index    INTEGER       NOT NULL,
    party        VARCHAR(42)   NOT NULL,
    evidence_cid VARCHAR(128),
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX bounty_evidence_bounty ON bounty_evidence (bounty_id, block_number, log_index);
