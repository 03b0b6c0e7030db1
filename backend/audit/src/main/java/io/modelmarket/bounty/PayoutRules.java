package io.modelmarket.bounty;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.MarketEnums;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The market's payout rules (docs/protocol.md, "Money"), replayed over a bounty's events: who each credit is
 * owed to, and what each settlement of a stake owes. The contract applies these rules as it goes; a replay here lets
 * anyone check what it recorded, or tell a trainer what its stake comes to, from the events alone.
 */
public final class PayoutRules {
    /** Where the market credits what it burns ({@code EscrowPayments.BURN_ADDRESS}), lower-case. */
    public static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dead";

    private PayoutRules() {}

    /**
     * What the rules make of one {@code SubmissionSettled}.
     *
     * @param event the settlement as recorded
     * @param statusBefore the submission's status when it was settled ({@code MarketEnums.SUBMISSION_STATUSES})
     * @param phase the bounty's phase then
     * @param owed whether a submission in that status owes a settlement at all
     * @param refunded what the rules refund to the trainer
     * @param burned what the rules burn
     */
    public record Settlement(MarketEvent event, String trainer, String statusBefore, String phase, boolean owed, BigInteger refunded,
            BigInteger burned) {
        /** Whether the contract settled as the rules say. */
        public boolean recordedAsOwed() {
            return owed && event.number("refunded").equals(refunded) && event.number("burned").equals(burned);
        }
    }

    /**
     * The rules replayed over a bounty.
     *
     * @param credits what every account is owed by the rules, lower-case accounts in order; no zero entries
     * @param settlements every settlement, in chain order, with what the rules make of it
     * @param phase the last phase the events name
     */
    public record Replay(Map<String, BigInteger> credits, List<Settlement> settlements, String phase) {}

    /** {@code CandidateRanking.ranksBefore}: a higher score, or the same score committed earlier. */
    public static boolean ranksBefore(int scoreA, int sequenceA, int scoreB, int sequenceB) {
        return scoreA > scoreB || scoreA == scoreB && sequenceA < sequenceB;
    }

    /** Replays the rules over the events of {@code bounty}. */
    public static Replay replay(BountyRecord bounty) {
        BigInteger reward = bounty.number("reward");
        BigInteger stake = bounty.number("trainerStake");
        int minScore = bounty.number("minScore").intValueExact();
        Map<String, String> status = new HashMap<>();
        Map<String, Integer> sequence = new HashMap<>();
        Map<String, Integer> claimed = new HashMap<>();
        Map<String, BigInteger> credits = new TreeMap<>();
        List<Settlement> settlements = new ArrayList<>();
        String phase = "Open";
        boolean keyReleased = false;
        int bestClaim = 0;
        int bestSequence = 0;
        for (MarketEvent event : bounty.events()) {
            String trainer = event.fields().has("trainer") ? event.address("trainer") : null;
            switch (event.name()) {
                case "ModelCommitted" -> {
                    status.putIfAbsent(trainer, "Committed");
                    sequence.put(trainer, event.number("sequence").intValue());
                }
                case "KeyReleased" -> keyReleased = true;
                case "PredictionsCommitted" -> status.put(trainer, "Predicted");
                case "ScoreClaimed" -> {
                    int score = event.number("score").intValue();
                    status.put(trainer, "Claimed");
                    claimed.put(trainer, score);
                    int committed = sequence.getOrDefault(trainer, 0);
                    if (score >= minScore && ranksBefore(score, committed, bestClaim, bestSequence)) {
                        bestClaim = score;
                        bestSequence = committed;
                    }
                }
                case "SubmissionRevealed" -> {
                    if (event.number("score").intValue() == claimed.getOrDefault(trainer, -1)) {
                        status.put(trainer, "Revealed");
                    }
                }
                case "SubmissionSlashed" -> {
                    status.put(trainer, "Slashed");
                    credit(credits, BURN_ADDRESS, stake);
                }
                case "PhaseChanged" -> {
                    phase = MarketEnums.phase(event.number("phase").intValue());
                    switch (phase) {
                        case "Cancelled", "Refunded" -> credit(credits, bounty.requester(), reward);
                        case "RequesterSlashed", "NoWinner" -> credit(credits, BURN_ADDRESS, reward);
                        default -> { }
                    }
                }
                case "BountyCompleted" -> {
                    status.put(event.address("winner"), "Won");
                    credit(credits, event.address("winner"), reward.add(stake));
                }
                case "SubmissionSettled" -> {
                    String before = status.getOrDefault(trainer, "None");
                    boolean owed = switch (before) {
                        case "Committed", "Predicted", "Claimed", "Revealed" -> true;
                        default -> false;
                    };
                    boolean refund = switch (before) {
                        case "Committed" -> !keyReleased;
                        case "Predicted" -> phase.equals("RequesterSlashed");
                        case "Claimed" -> claimed.get(trainer) < minScore
                                || ranksBefore(bestClaim, bestSequence, claimed.get(trainer), sequence.getOrDefault(trainer, 0));
                        case "Revealed" -> true;
                        default -> false;
                    };
                    BigInteger refunded = refund ? stake : BigInteger.ZERO;
                    settlements.add(new Settlement(event, trainer, before, phase, owed, refunded, stake.subtract(refunded)));
                    credit(credits, refund ? trainer : BURN_ADDRESS, stake);
                    status.put(trainer, "Settled");
                }
                default -> { }
            }
        }
        return new Replay(credits, settlements, phase);
    }

    /** Adds {@code amount} to what {@code account} is credited; zero amounts leave no entry (the contract credits none). */
    public static void credit(Map<String, BigInteger> credits, String account, BigInteger amount) {
        if (amount.signum() != 0) {
            credits.merge(account, amount, BigInteger::add);
        }
    }
}
