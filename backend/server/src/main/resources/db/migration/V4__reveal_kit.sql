-- Reveal kits the server keeps for requesters, only where the operator enabled it (modelmarket.operator.keep-reveal-kits).
CREATE TABLE reveal_kit (
    bounty_id  VARCHAR(66)  PRIMARY KEY,
    requester  VARCHAR(42)  NOT NULL,
    kit_json   TEXT         NOT NULL,
    kept_at    TIMESTAMP    NOT NULL
);
