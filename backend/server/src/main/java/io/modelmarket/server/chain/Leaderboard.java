package io.modelmarket.server.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.contracts.MarketEnums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A bounty's submissions ranked as the contract ranks claims (claimed count, then commit order), with what
 * each claim came to: the count the contract recomputed at the reveal, the verifier's verdict, a slash, the win.
 */
@Component
class Leaderboard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient db;

    Leaderboard(JdbcClient db) {
        this.db = db;
    }

    /**
     * One trainer's standing; null fields have not happened (yet).
     *
     * @param sequence the trainer's commit order on this bounty (its latest commit)
     * @param claimed the correct count it claimed
     * @param revealedCorrect the count the contract recomputed when it revealed
     * @param reproduced the verifier's verdict on its model
     * @param slashed why it lost its stake
     */
    record Entry(String trainer, int sequence, boolean withdrawn, Integer claimed, Integer revealedCorrect, Boolean reproduced,
            String slashed, boolean winner) {}

    List<Entry> of(String bountyId) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String[]> events = db.sql("SELECT event_name, payload FROM chain_event WHERE bounty_id = ? ORDER BY block_number, log_index")
                .param(bountyId.toLowerCase())
                .query((row, n) -> new String[] {row.getString(1), row.getString(2)})
                .list();
        for (String[] event : events) {
            JsonNode fields = parse(event[1]);
            String trainer = fields.path("trainer").asText(fields.path("winner").asText("")).toLowerCase();
            Entry entry = entries.get(trainer);
            switch (event[0]) {
                case "SubmissionCommitted" -> entries.put(trainer, new Entry(trainer, fields.get("sequence").asInt(), false, null, null, null, null, false));
                case "SubmissionWithdrawn" -> entries.put(trainer, new Entry(trainer, entry.sequence(), true, null, null, null, null, false));
                case "AccuracyClaimed" -> entries.put(trainer, new Entry(trainer, entry.sequence(), false, fields.get("claimed").asInt(), null, null, null, false));
                case "CandidateRevealed" -> entries.put(trainer, new Entry(trainer, entry.sequence(), false, entry.claimed(),
                        fields.get("correct").asInt(), null, null, false));
                case "VerificationAttested" -> entries.put(trainer, new Entry(trainer, entry.sequence(), false, entry.claimed(),
                        entry.revealedCorrect(), fields.get("reproduced").asBoolean(), null, false));
                case "CandidateSlashed" -> entries.put(trainer, new Entry(trainer, entry.sequence(), false, entry.claimed(),
                        entry.revealedCorrect(), entry.reproduced(), MarketEnums.slashReason(fields.get("reason").asInt()), false));
                case "BountyCompleted" -> entries.put(trainer, new Entry(trainer, entry.sequence(), false, entry.claimed(),
                        entry.revealedCorrect(), entry.reproduced(), null, true));
                default -> {
                    // other events do not change a standing
                }
            }
        }
        List<Entry> ranked = new ArrayList<>(entries.values());
        ranked.sort(Comparator.comparing((Entry e) -> e.claimed() == null ? -1 : e.claimed()).reversed().thenComparing(Entry::sequence));
        return ranked;
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt event payload", e);
        }
    }
}
