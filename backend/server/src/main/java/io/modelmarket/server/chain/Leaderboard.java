package io.modelmarket.server.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.contracts.MarketEnums;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A bounty's submissions ranked as the contract ranks claims (claimed count, then commit order), with what
 * each claim came to: the count the contract recomputed at the reveal, the verifier's verdict, a slash, the win.
 */
@Component
class Leaderboard {
    private final ChainIndexRepository index;

    Leaderboard(ChainIndexRepository index) {
        this.index = index;
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
        for (ChainIndexRepository.StoredEvent event : index.eventsOf(bountyId)) {
            JsonNode fields = event.fields();
            String trainer = fields.path("trainer").asText(fields.path("winner").asText("")).toLowerCase();
            Entry entry = entries.get(trainer);
            if (entry == null && !event.name().equals("SubmissionCommitted")) {
                continue; // a trainer whose commit is not indexed (an operator skipped it): nothing to rank
            }
            switch (event.name()) {
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
}
