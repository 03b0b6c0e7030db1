package io.modelmarket.server.bounty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.server.operator.OperatorProperties;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The server's copies of reveal kits, kept only where the operator switched it on
 * ({@code modelmarket.operator.keep-reveal-kits}); otherwise {@link #keep} forgets the kit at once.
 */
@Component
public class RevealKitVault {
    /** One kept kit, without its secrets, for listing. */
    public record KeptKit(String bountyId, String requester, Instant keptAt) {}

    private final JdbcClient db;
    private final ObjectMapper json;
    private final boolean enabled;

    RevealKitVault(JdbcClient db, ObjectMapper json, OperatorProperties operator) {
        this.db = db;
        this.json = json;
        this.enabled = operator.keepRevealKits();
    }

    /** Keeps {@code kit} if the operator enabled it (a later kit for the same bounty id replaces the earlier one). */
    @Transactional
    public void keep(RevealKit kit) throws JsonProcessingException {
        if (!enabled) {
            return;
        }
        String kitJson = json.writeValueAsString(kit);
        db.sql("DELETE FROM reveal_kit WHERE bounty_id = ?").param(kit.bountyId()).update();
        db.sql("INSERT INTO reveal_kit (bounty_id, requester, kit_json, kept_at) VALUES (?, ?, ?, ?)")
                .params(kit.bountyId(), kit.requester(), kitJson, Timestamp.from(Instant.now()))
                .update();
    }

    public List<KeptKit> list() {
        return db.sql("SELECT bounty_id, requester, kept_at FROM reveal_kit ORDER BY kept_at DESC")
                .query((row, n) -> new KeptKit(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant()))
                .list();
    }

    public Optional<RevealKit> find(String bountyId) {
        return db.sql("SELECT kit_json FROM reveal_kit WHERE bounty_id = ?")
                .param(bountyId.toLowerCase())
                .query(String.class)
                .optional()
                .map(this::parse);
    }

    private RevealKit parse(String kitJson) {
        try {
            return json.readValue(kitJson, RevealKit.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept reveal kit is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
