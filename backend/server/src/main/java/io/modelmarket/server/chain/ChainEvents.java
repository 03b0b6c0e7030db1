package io.modelmarket.server.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads indexed market events back: the services that act on a bounty's history ask here. */
@Component
public class ChainEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient db;

    ChainEvents(JdbcClient db) {
        this.db = db;
    }

    /** The fields of the bounty's latest indexed event called {@code name}, if it has one. */
    public Optional<JsonNode> latest(String bountyId, String name) {
        return db.sql("SELECT payload FROM chain_event WHERE bounty_id = ? AND event_name = ? ORDER BY block_number DESC, log_index DESC")
                .params(bountyId.toLowerCase(), name)
                .query(String.class)
                .list()
                .stream()
                .findFirst()
                .map(ChainEvents::parse);
    }

    /** The block of the bounty's latest indexed event called {@code name}, if it has one. */
    public Optional<Long> latestBlock(String bountyId, String name) {
        return db.sql("SELECT MAX(block_number) FROM chain_event WHERE bounty_id = ? AND event_name = ?")
                .params(bountyId.toLowerCase(), name)
                .query(Long.class)
                .optional();
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt event payload", e);
        }
    }
}
