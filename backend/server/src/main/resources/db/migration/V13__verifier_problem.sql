-- What keeps the verifier from judging a bounty in Verifying, in one sentence (a run it could not make, a store
-- that does not answer): the bounty API and health show it to everyone, whichever server verifies.
CREATE TABLE verifier_problem (
    bounty_id VARCHAR(66)   NOT NULL PRIMARY KEY,
    problem   VARCHAR(2000) NOT NULL,
    noted_at  BIGINT        NOT NULL
);
