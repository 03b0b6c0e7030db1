-- Which server indexes the chain when several share this database: one row, taken over only once its
-- lease has run out, renewed by its holder in the same transaction as every range it indexes (so a server
-- that lost the lease can never commit a range). Times are epoch milliseconds of the servers' clocks.
CREATE TABLE indexer_lease (
    id          INTEGER      PRIMARY KEY CHECK (id = 1),
    holder      VARCHAR(200) NOT NULL,
    acquired_at BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
INSERT INTO indexer_lease (id, holder, acquired_at, expires_at) VALUES (1, '', 0, 0);
