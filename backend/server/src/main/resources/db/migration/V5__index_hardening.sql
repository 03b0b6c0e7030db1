-- Hardening of the chain index (issue 17). Standard SQL that H2 and PostgreSQL both run.

-- An event's payload has no limit of the schema: whatever the chain can emit is stored (VARCHAR without a
-- length is unbounded in PostgreSQL and 1,000,000,000 characters in H2, far above what a block's gas allows).
ALTER TABLE chain_event ALTER COLUMN payload SET DATA TYPE VARCHAR;

-- testSize is a uint32 on chain: more than a Java int (and an SQL INTEGER) holds.
ALTER TABLE bounty ALTER COLUMN test_size SET DATA TYPE BIGINT;

-- A CID that does not parse as a CID is not stored in these columns (NULL) and never served as a link;
-- cid_problem says which fields were refused (the raw strings stay in the event's payload).
ALTER TABLE bounty ALTER COLUMN training_cid DROP NOT NULL;
ALTER TABLE bounty ALTER COLUMN test_inputs_cid DROP NOT NULL;
ALTER TABLE bounty ALTER COLUMN metadata_cid DROP NOT NULL;
ALTER TABLE bounty ADD COLUMN cid_problem VARCHAR(200);

-- Events the indexer could not store and an operator told it to skip (POST /api/operator/indexer/skip).
-- Keyed by the block hash, so a skip never applies to another chain's event at the same position.
CREATE TABLE skipped_event (
    block_hash   VARCHAR(66)   NOT NULL,
    log_index    INTEGER       NOT NULL,
    block_number BIGINT        NOT NULL,
    tx_hash      VARCHAR(66)   NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    skipped_at   TIMESTAMP     NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
