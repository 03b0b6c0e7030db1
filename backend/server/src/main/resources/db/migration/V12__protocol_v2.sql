-- The server follows BountyMarketV2 from now on (protocol v2). The index of v1's market is thrown away and
-- rebuilt from v2's events from the deployment block: the indexer resumes after the newest indexed_block row,
-- so those rows must go with the events.
DELETE FROM chain_event;
DELETE FROM indexed_block;
DELETE FROM skipped_event;

-- The block's timestamp of each event, for the timeline and the charts (null for events indexed before V12).
ALTER TABLE chain_event ADD COLUMN block_time BIGINT;
-- The trainer an event concerns (v2's submission events name one), to find a trainer's events without parsing payloads.
ALTER TABLE chain_event ADD COLUMN trainer VARCHAR(42);

-- A v2 bounty as its events made it. phase and phase_deadline are the stored ones (PhaseChanged); the phase
-- the contract's phaseOf answers is derived from them, the clock and the counts below (ChainIndexRepository).
DROP TABLE bounty;
CREATE TABLE bounty (
    id                      VARCHAR(66)   PRIMARY KEY,
    requester               VARCHAR(42)   NOT NULL,
    verifier                VARCHAR(42)   NOT NULL,
    reward                  NUMERIC(78,0) NOT NULL,
    trainer_stake           NUMERIC(78,0) NOT NULL,
    model_deadline          BIGINT        NOT NULL,
    response_window         BIGINT        NOT NULL,
    test_size               BIGINT        NOT NULL,
    num_classes             INTEGER       NOT NULL,
    max_submissions         BIGINT        NOT NULL,
    metric                  VARCHAR(32)   NOT NULL,
    min_score               BIGINT        NOT NULL,
    ground_truth_commitment VARCHAR(66)   NOT NULL,
    sealing_key_commitment  VARCHAR(66)   NOT NULL,
    training_cid            VARCHAR(128),
    sealed_test_inputs_cid  VARCHAR(128),
    metadata_cid            VARCHAR(128),
    cid_problem             VARCHAR(200),
    sealing_key             VARCHAR(66),
    phase                   VARCHAR(32)   NOT NULL,
    phase_deadline          BIGINT        NOT NULL,
    live_submissions        INTEGER       NOT NULL,
    predicted               INTEGER       NOT NULL,
    contenders              INTEGER       NOT NULL,
    candidates              INTEGER       NOT NULL,
    winner                  VARCHAR(42),
    winning_score           BIGINT,
    created_block           BIGINT        NOT NULL
);
CREATE INDEX bounty_requester ON bounty (requester);
CREATE INDEX bounty_newest_first ON bounty (created_block DESC, id);

-- The server holds no secret any more: no reveal kits.
DROP TABLE reveal_kit;

-- v2's verifier attests best first, in batches: one row per attestation, keyed by the candidate it judged
-- first (a candidate is judged once: accepted, the bounty ends; rejected, it leaves the ranking).
DROP TABLE verifier_attestation;
CREATE TABLE verifier_attestation (
    bounty_id    VARCHAR(66)   NOT NULL,
    first_trainer VARCHAR(42)   NOT NULL,
    rejected     INTEGER       NOT NULL,
    accept_best  BOOLEAN       NOT NULL,
    tx_hash      VARCHAR(66)   NOT NULL,
    report_cid   VARCHAR(128)  NOT NULL,
    sent_at      BIGINT        NOT NULL,
    PRIMARY KEY (bounty_id, first_trainer)
);
