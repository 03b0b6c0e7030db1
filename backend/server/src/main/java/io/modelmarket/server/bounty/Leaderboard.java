package io.modelmarket.server.bounty;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.server.indexer.ChainEvents;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.contracts.MarketEnums;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A bounty's submissions ranked as the contract ranks claims (claimed score, then commit order), with what
 * each came to: predictions, the score revealed, the verifier's verdict, a slash, the win, the settlement; and
 * the counts over time the UI charts.
 */
@Component
class Leaderboard {
    private final ChainEvents events;

    Leaderboard(ChainEvents events) {
        this.events = events;
    }

    /**
     * One trainer's standing; null fields have not happened (yet).
     *
     * @param sequence the trainer's place in the commit order (its latest model commitment)
     * @param claimed the score it claimed
     * @param contender whether the claim reached {@code minScore} (it may reveal)
     * @param revealedScore the score the contract computed from its revealed predictions
     * @param modelCid the model CID it revealed, or null when that string is not a CID
     * @param reproduced the verifier's verdict on its model
     * @param reportCid the verifier's report
     * @param slashed why its stake was burned ({@code ScoreMismatch}, {@code NotReproduced})
     * @param ruledBest whether the arbitrator's ruling on a Verification dispute named it the best candidate whose model
     *     reproduces (whatever the verifier attested)
     */
    record Entry(String trainer, int sequence, boolean predicted, Long claimed, Boolean contender, Long revealedScore, String modelCid,
            Boolean reproduced, String reportCid, String slashed, boolean winner, boolean settled, boolean ruledBest) {}

    /** Counts, cumulative, after the event at {@code block} ({@code time}: its timestamp). */
    record Activity(long block, Long time, int models, int predictions, int claims, int reveals, int verified, int rejected) {}

    /** The mutable standing the events build up. */
    private static final class Standing {
        final String trainer;
        int sequence;
        boolean predicted;
        Long claimed;
        Boolean contender;
        Long revealedScore;
        String modelCid;
        Boolean reproduced;
        String reportCid;
        String slashed;
        boolean winner;
        boolean settled;
        boolean ruledBest;

        Standing(String trainer) {
            this.trainer = trainer;
        }

        Entry entry() {
            return new Entry(trainer, sequence, predicted, claimed, contender, revealedScore, modelCid, reproduced, reportCid, slashed, winner,
                    settled, ruledBest);
        }
    }

    List<Entry> of(String bountyId) {
        Map<String, Standing> standings = new LinkedHashMap<>();
        Set<String> verificationDisputes = new HashSet<>();
        for (ChainEvents.StoredEvent event : events.eventsOf(bountyId)) {
            JsonNode fields = event.fields();
            if (event.name().equals("ModelCommitted")) {
                standings.computeIfAbsent(event.trainer(), Standing::new).sequence = fields.get("sequence").asInt();
                continue;
            }
            if (event.name().equals("DisputeRaised") && MarketEnums.disputeKind(fields.get("kind").asInt()).equals("Verification")) {
                verificationDisputes.add(fields.get("disputeId").asText());
                continue;
            }
            if (event.name().equals("DisputeRuled") && verificationDisputes.contains(fields.get("disputeId").asText())) {
                // A commit sequence, none (commitCount + 1) or 0 (refused); the contract applies a sequence only when it names a
                // revealed candidate (revealed, not slashed), and keeps the proposal otherwise.
                int ruling = fields.get("ruling").asInt();
                standings.values().stream().filter(standing -> standing.sequence == ruling && standing.revealedScore != null && standing.slashed == null)
                        .forEach(standing -> standing.ruledBest = true);
                continue;
            }
            String trainer = event.name().equals("BountyCompleted") ? fields.get("winner").asText().toLowerCase() : event.trainer();
            Standing standing = trainer == null ? null : standings.get(trainer);
            if (standing == null) {
                continue; // not a submission's event, or a trainer whose commit is not indexed (an operator skipped it)
            }
            switch (event.name()) {
                case "PredictionsCommitted" -> standing.predicted = true;
                case "ScoreClaimed" -> {
                    standing.claimed = fields.get("score").asLong(); // a uint32: beyond an int under MeanAbsoluteError
                    standing.contender = fields.get("contender").asBoolean();
                }
                case "SubmissionRevealed" -> {
                    standing.revealedScore = fields.get("score").asLong();
                    standing.modelCid = Cid.validOrNull(fields.get("modelCid").asText());
                }
                case "VerificationAttested" -> {
                    standing.reproduced = fields.get("reproduced").asBoolean();
                    standing.reportCid = Cid.validOrNull(fields.get("reportCid").asText());
                }
                case "SubmissionSlashed" -> standing.slashed = MarketEnums.slashReason(fields.get("reason").asInt());
                case "BountyCompleted" -> standing.winner = true;
                case "SubmissionSettled" -> standing.settled = true;
                default -> {
                    // other events do not change a standing
                }
            }
        }
        List<Entry> ranked = new ArrayList<>(standings.values().stream().map(Standing::entry).toList());
        ranked.sort(Comparator.comparing((Entry e) -> e.claimed() == null ? -1L : e.claimed()).reversed().thenComparing(Entry::sequence));
        return ranked;
    }

    List<Activity> activity(String bountyId) {
        List<Activity> points = new ArrayList<>();
        Set<String> committed = new HashSet<>();
        int models = 0;
        int predictions = 0;
        int claims = 0;
        int reveals = 0;
        int verified = 0;
        int rejected = 0;
        for (ChainEvents.StoredEvent event : events.eventsOf(bountyId)) {
            switch (event.name()) {
                case "ModelCommitted" -> {
                    if (!committed.add(event.trainer())) {
                        continue; // a replacement is not a new submission
                    }
                    models++;
                }
                case "PredictionsCommitted" -> predictions++;
                case "ScoreClaimed" -> claims++;
                case "SubmissionRevealed" -> reveals++;
                case "VerificationAttested" -> {
                    if (event.fields().get("reproduced").asBoolean()) {
                        verified++;
                    } else {
                        rejected++;
                    }
                }
                default -> {
                    continue; // no count changes
                }
            }
            points.add(new Activity(event.block(), event.time(), models, predictions, claims, reveals, verified, rejected));
        }
        return points;
    }
}
