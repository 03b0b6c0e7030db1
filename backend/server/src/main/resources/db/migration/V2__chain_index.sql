-- What the indexer has read from the chain. Everything here can be thrown away and rebuilt from the
-- market's events: chain_event holds each event once (decoded, as JSON), bounty is derived from them.

-- Hashes of the blocks the indexer stopped at or saw events in, to notice reorganizations.
CREATE TABLE indexed_block (
    number BIGINT      PRIMARY KEY,
    hash   VARCHAR(66) NOT NULL
);

CREATE TABLE chain_event (
    block_number BIGINT         NOT NULL,
    log_index    INTEGER        NOT NULL,
    block_hash   VARCHAR(66)    NOT NULL,
    tx_hash      VARCHAR(66)    NOT NULL,
    event_name   VARCHAR(64)    NOT NULL,
    bounty_id    VARCHAR(66),
    payload      VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX chain_event_bounty ON chain_event (bounty_id, block_number, log_index);

CREATE TABLE bounty (
    id                      VARCHAR(66)   PRIMARY KEY,
    requester               VARCHAR(42)   NOT NULL,
    verifier                VARCHAR(42)   NOT NULL,
    reward                  NUMERIC(78,0) NOT NULL,
    trainer_stake           NUMERIC(78,0) NOT NULL,
    submission_deadline     BIGINT        NOT NULL,
    response_window         BIGINT        NOT NULL,
    test_size               INTEGER       NOT NULL,
    num_classes             INTEGER       NOT NULL,
    max_submissions         INTEGER       NOT NULL,
    ground_truth_commitment VARCHAR(66)   NOT NULL,
    training_cid            VARCHAR(128)  NOT NULL,
    test_inputs_cid         VARCHAR(128)  NOT NULL,
    metadata_cid            VARCHAR(128)  NOT NULL,
    phase                   VARCHAR(32)   NOT NULL,
    phase_deadline          BIGINT        NOT NULL,
    live_submissions        INTEGER       NOT NULL,
    winner                  VARCHAR(42),
    created_block           BIGINT        NOT NULL
);
CREATE INDEX bounty_requester ON bounty (requester);
CREATE INDEX bounty_phase ON bounty (phase);
