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
 * The market's payout rules (docs/protocol.md, "Money" and "Disputes"), replayed over a bounty's events: who each
 * token credit and each fee credit (wei) is owed to, and what each settlement of a stake owes. The contract applies
 * these rules as it goes; a replay here lets anyone check what it recorded, or tell a trainer what its stake comes
 * to, from the events alone.
 *
 * <p>Besides the reward and the stakes, a bounty holds the requester's verifier bond ({@code trainerStake} tokens)
 * and fee bond (wei), and each dispute's deposit ({@code trainerStake}). At every end the reward goes to the winner,
 * back to the requester (Cancelled, Refunded) or to the burn address (NoWinner, RequesterSlashed), and the bonds go
 * back to the requester, except what a dispute that overturned a decision paid its disputer: its deposit, the verifier
 * bond and its fee up to the fee bond. A dispute that fails pays its deposit to the party it delayed: the proposed
 * winner (the burn address for a proposal of none), or the requester for the test inputs. A revealed candidate is
 * refunded when it ranks after the winner, burned when it ranks before it or the bounty has no winner.
 */
public final class PayoutRules {
    /** Where the market credits what it burns ({@code EscrowPayments.BURN_ADDRESS}), lower-case. */
    public static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dead";
    private static final String NOBODY = "0x0000000000000000000000000000000000000000";

    private PayoutRules() {}

    /**
     * What the rules make of one settlement: a {@code SubmissionSettled}, or the {@code SubmissionSlashed} by which
     * settling burns a revealed candidate that ranks before the winner.
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
            return owed && recordedRefund().equals(refunded) && recordedBurn().equals(burned);
        }

        /** What the contract refunded. */
        public BigInteger recordedRefund() {
            return event.name().equals("SubmissionSlashed") ? BigInteger.ZERO : event.number("refunded");
        }

        /** What the contract burned. */
        public BigInteger recordedBurn() {
            return event.name().equals("SubmissionSlashed") ? event.number("stake") : event.number("burned");
        }
    }

    /**
     * One dispute as raised and, once ruled, as the market applied the ruling.
     *
     * @param raised its {@code DisputeRaised}
     * @param proposal the proposal it disputes, lower-case (a Verification dispute; the zero address for none), else null
     * @param ruled its {@code DisputeRuled}, or null while the arbitrator has not ruled
     * @param ruledWinner the winner the ruling names by the rules (a Verification dispute: the zero address for none), else null
     */
    public record Dispute(MarketEvent raised, String proposal, MarketEvent ruled, String ruledWinner) {
        public BigInteger id() {
            return raised.number("disputeId");
        }

        public String kind() {
            return MarketEnums.disputeKind(raised.number("kind").intValue());
        }

        public String disputer() {
            return raised.address("disputer");
        }

        /** Whether the rules say the ruling overturns the disputed decision. */
        public boolean overturns() {
            if (ruled == null) {
                return false;
            }
            return kind().equals("TestInputs") ? ruled.number("ruling").equals(BigInteger.ONE) : !ruledWinner.equals(proposal);
        }
    }

    /**
     * The rules replayed over a bounty.
     *
     * @param credits what every account is owed in tokens by the rules, lower-case accounts in order; no zero entries
     * @param feeCredits what every account is owed in wei by the rules (the fee bond and fee refunds); no zero entries
     * @param settlements every settlement, in chain order, with what the rules make of it
     * @param disputes every dispute, in chain order
     * @param phase the last phase the events name
     */
    public record Replay(Map<String, BigInteger> credits, Map<String, BigInteger> feeCredits, List<Settlement> settlements,
            List<Dispute> disputes, String phase) {}

    /** {@code CandidateRanking.ranksBefore}: a higher score, or the same score committed earlier. */
    public static boolean ranksBefore(int scoreA, int sequenceA, int scoreB, int sequenceB) {
        return scoreA > scoreB || scoreA == scoreB && sequenceA < sequenceB;
    }

    /** Replays the rules over the events of {@code bounty}. */
    public static Replay replay(BountyRecord bounty) {
        return new Replayer(bounty).run();
    }

    /** The state of one replay. */
    private static final class Replayer {
        private final BountyRecord bounty;
        private final BigInteger reward;
        private final BigInteger stake;
        private final int minScore;
        private final Map<String, String> status = new HashMap<>();
        private final Map<String, Integer> sequence = new HashMap<>();
        private final Map<String, Integer> claimed = new HashMap<>();
        private final Map<String, BigInteger> credits = new TreeMap<>();
        private final Map<String, BigInteger> feeCredits = new TreeMap<>();
        private final List<Settlement> settlements = new ArrayList<>();
        private final List<Dispute> disputes = new ArrayList<>();
        /** The fee each overturning disputer paid: refunded from the fee bond at the end. */
        private final Map<String, BigInteger> feeRefunds = new TreeMap<>();
        private String phase = "Open";
        private int commitCount;
        private boolean keyReleased;
        private boolean bondPaidOut;
        private int bestClaim;
        private int bestSequence;
        private String proposal = NOBODY;
        private String winner;

        Replayer(BountyRecord bounty) {
            this.bounty = bounty;
            this.reward = bounty.number("reward");
            this.stake = bounty.number("trainerStake");
            this.minScore = bounty.number("minScore").intValueExact();
        }

        Replay run() {
            for (MarketEvent event : bounty.events()) {
                String trainer = event.fields().has("trainer") ? event.address("trainer") : null;
                switch (event.name()) {
                    case "ModelCommitted" -> {
                        status.putIfAbsent(trainer, "Committed");
                        sequence.put(trainer, event.number("sequence").intValue());
                        commitCount++;
                    }
                    case "KeyReleased" -> keyReleased = true;
                    case "PredictionsCommitted" -> status.put(trainer, "Predicted");
                    case "ScoreClaimed" -> claim(trainer, event.number("score").intValue());
                    case "SubmissionRevealed" -> {
                        if (event.number("score").intValue() == claimed.getOrDefault(trainer, -1)) {
                            status.put(trainer, "Revealed");
                        }
                    }
                    case "SubmissionSlashed" -> slashed(event, trainer);
                    case "WinnerProposed" -> proposal = event.address("winner");
                    case "DisputeRaised" -> disputes.add(new Dispute(event, event.number("kind").intValue() == 2 ? proposal : null, null, null));
                    case "DisputeRuled" -> ruled(event);
                    case "PhaseChanged" -> phaseChanged(MarketEnums.phase(event.number("phase").intValue()));
                    case "BountyCompleted" -> {
                        winner = event.address("winner");
                        status.put(winner, "Won");
                        credit(credits, winner, reward.add(stake));
                    }
                    case "FeeCredited" -> { } // the fee bond's split is replayed at the end and at each ruling
                    case "SubmissionSettled" -> settled(event, trainer);
                    default -> { }
                }
            }
            return new Replay(credits, feeCredits, settlements, disputes, phase);
        }

        private void claim(String trainer, int score) {
            status.put(trainer, "Claimed");
            claimed.put(trainer, score);
            int committed = sequence.getOrDefault(trainer, 0);
            if (score >= minScore && ranksBefore(score, committed, bestClaim, bestSequence)) {
                bestClaim = score;
                bestSequence = committed;
            }
        }

        /** A slash at reveal (the claim did not hold), or settling a revealed candidate that ranks before the winner. */
        private void slashed(MarketEvent event, String trainer) {
            String before = status.getOrDefault(trainer, "None");
            if (MarketEnums.ended(phase)) {
                boolean owed = before.equals("Revealed") && !ranksAfterWinner(trainer);
                settlements.add(new Settlement(event, trainer, before, phase, owed, BigInteger.ZERO, stake));
            }
            status.put(trainer, "Slashed");
            credit(credits, BURN_ADDRESS, stake);
        }

        private void ruled(MarketEvent event) {
            for (int i = 0; i < disputes.size(); i++) {
                Dispute dispute = disputes.get(i);
                if (dispute.id().equals(event.number("disputeId"))) {
                    Dispute ruled = new Dispute(dispute.raised(), dispute.proposal(), event, ruledWinner(dispute, event.number("ruling")));
                    disputes.set(i, ruled);
                    apply(ruled);
                }
            }
        }

        /** The winner a Verification ruling names: the revealed candidate with that commit sequence, none, or the proposal. */
        private String ruledWinner(Dispute dispute, BigInteger ruling) {
            if (!dispute.kind().equals("Verification")) {
                return null;
            }
            int choices = commitCount + 1;
            if (ruling.equals(BigInteger.valueOf(choices))) {
                return NOBODY;
            }
            return sequence.entrySet().stream().filter(e -> BigInteger.valueOf(e.getValue()).equals(ruling))
                    .filter(e -> status.getOrDefault(e.getKey(), "").equals("Revealed")).map(Map.Entry::getKey).findFirst()
                    .orElse(dispute.proposal());
        }

        /** The deposit, the verifier bond and the fee refund as the ruling moves them. */
        private void apply(Dispute dispute) {
            if (dispute.overturns()) {
                bondPaidOut = true;
                credit(credits, dispute.disputer(), stake.add(stake));
                feeRefunds.put(dispute.disputer(), dispute.raised().number("fee"));
            } else if (dispute.kind().equals("TestInputs")) {
                credit(credits, bounty.requester(), stake);
            } else {
                credit(credits, dispute.proposal().equals(NOBODY) ? BURN_ADDRESS : dispute.proposal(), stake);
            }
        }

        private void phaseChanged(String next) {
            phase = next;
            if (!MarketEnums.ended(next)) {
                return;
            }
            switch (next) {
                case "Cancelled", "Refunded" -> credit(credits, bounty.requester(), reward);
                case "RequesterSlashed", "NoWinner" -> credit(credits, BURN_ADDRESS, reward);
                default -> { } // Completed: BountyCompleted credits the winner
            }
            if (next.equals("RequesterSlashed") && disputes.stream().anyMatch(d -> d.kind().equals("TestInputs") && d.overturns())) {
                keyReleased = false; // the requester is treated as never having released the key
            }
            if (!bondPaidOut) {
                credit(credits, bounty.requester(), stake);
            }
            feeBond();
        }

        /**
         * The fee bond at the end: an overturning disputer's fee back, up to the bond, and the rest to the requester. The
         * bond is what the bounty's {@code FeeCredited} events hand out in all (the arbitration cost when it was created).
         */
        private void feeBond() {
            BigInteger bond = bounty.events().stream().filter(e -> e.name().equals("FeeCredited")).map(e -> e.number("amount"))
                    .reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger left = bond;
            for (Map.Entry<String, BigInteger> refund : feeRefunds.entrySet()) {
                BigInteger paid = refund.getValue().min(left);
                credit(feeCredits, refund.getKey(), paid);
                left = left.subtract(paid);
            }
            credit(feeCredits, bounty.requester(), left);
        }

        private void settled(MarketEvent event, String trainer) {
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
                case "Revealed" -> ranksAfterWinner(trainer);
                default -> false;
            };
            BigInteger refunded = refund ? stake : BigInteger.ZERO;
            settlements.add(new Settlement(event, trainer, before, phase, owed, refunded, stake.subtract(refunded)));
            credit(credits, refund ? trainer : BURN_ADDRESS, stake);
            status.put(trainer, "Settled");
        }

        /** Whether the revealed {@code trainer} ranks after the winner (false without one). */
        private boolean ranksAfterWinner(String trainer) {
            if (!phase.equals("Completed") || winner == null) {
                return false;
            }
            return ranksBefore(claimed.getOrDefault(winner, 0), sequence.getOrDefault(winner, 0), claimed.getOrDefault(trainer, 0),
                    sequence.getOrDefault(trainer, 0));
        }
    }

    /** Adds {@code amount} to what {@code account} is credited; zero amounts leave no entry (the contract credits none). */
    public static void credit(Map<String, BigInteger> credits, String account, BigInteger amount) {
        if (amount.signum() != 0) {
            credits.merge(account, amount, BigInteger::add);
        }
    }
}
