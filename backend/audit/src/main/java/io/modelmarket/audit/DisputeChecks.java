package io.modelmarket.audit;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.PayoutRules;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.MarketEnums;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit's check of the disputes ({@code disputes.rulings}): every ruling the arbitrator made was applied by the
 * market as the rules say, and none that it did not make.
 */
final class DisputeChecks {
    private static final String NOBODY = "0x0000000000000000000000000000000000000000";

    private DisputeChecks() {}

    /**
     * disputes.rulings: for each dispute the bounty raised, the arbitrator's record (status and ruling) against the
     * market's {@code Ruling} and {@code DisputeRuled}, and the end the ruling produced: a Verification ruling's winner
     * (the candidate with that commit sequence, none, or the proposal), a TestInputs ruling's RequesterSlashed or the
     * return to Predicting.
     */
    static Optional<Check> rulings(BountyHistory history, BountyRecord bounty) {
        List<PayoutRules.Dispute> disputes = PayoutRules.replay(bounty).disputes();
        if (disputes.isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (PayoutRules.Dispute dispute : disputes) {
            String name = dispute.kind() + " dispute " + dispute.id();
            BountyHistory.ArbitratorRuling arbitrator = history.rulings().get(dispute.id());
            if (arbitrator == null) {
                problems.add("the arbitrator has no record of " + name);
                continue;
            }
            if (!arbitrator.solved()) {
                if (dispute.ruled() != null) {
                    problems.add("the market applied ruling " + dispute.ruled().number("ruling") + " to " + name + ", which the arbitrator has not"
                            + " ruled (" + arbitrator.status() + ")");
                } else {
                    found.add(name + " awaits the arbitrator");
                }
                continue;
            }
            if (dispute.ruled() == null) {
                problems.add("the arbitrator ruled " + arbitrator.ruling() + " on " + name + " but the market applied no ruling");
                continue;
            }
            List<String> wrong = applied(bounty, dispute, arbitrator.ruling());
            problems.addAll(wrong.stream().map(w -> name + ": " + w).toList());
            found.add(name + " ruled " + arbitrator.ruling() + ", " + (dispute.overturns() ? "overturning" : "keeping") + " the decision");
        }
        return Optional.of(Check.of("disputes.rulings", problems.isEmpty(), "every ruling was applied: " + String.join("; ", found),
                String.join("; ", problems)));
    }

    /** What is wrong with how the market applied the arbitrator's {@code ruling} to {@code dispute}; empty when nothing. */
    private static List<String> applied(BountyRecord bounty, PayoutRules.Dispute dispute, BigInteger ruling) {
        List<String> problems = new ArrayList<>();
        MarketEvent ruled = dispute.ruled();
        if (!ruled.number("ruling").equals(ruling)) {
            problems.add("the market applied ruling " + ruled.number("ruling") + ", the arbitrator ruled " + ruling);
        }
        boolean rulingEvent = bounty.events().stream().anyMatch(e -> e.name().equals("Ruling") && e.number("_disputeID").equals(dispute.id())
                && e.number("_ruling").equals(ruling));
        if (!rulingEvent) {
            problems.add("no ERC-792 Ruling event with ruling " + ruling);
        }
        if (Boolean.parseBoolean(ruled.text("overturned")) != dispute.overturns()) {
            problems.add("the market recorded overturned=" + ruled.text("overturned") + ", the rules say " + dispute.overturns());
        }
        List<MarketEvent> after = bounty.events().stream().filter(e -> e.transactionHash().equals(ruled.transactionHash())).toList();
        if (dispute.kind().equals("TestInputs")) {
            String expected = ruling.equals(BigInteger.ONE) ? "RequesterSlashed" : "Predicting";
            if (after.stream().noneMatch(e -> e.name().equals("PhaseChanged") && MarketEnums.phase(e.number("phase").intValue()).equals(expected))) {
                problems.add("the ruling did not make the bounty " + expected);
            }
        } else if (dispute.ruledWinner().equals(NOBODY)) {
            if (after.stream().noneMatch(e -> e.name().equals("PhaseChanged") && MarketEnums.phase(e.number("phase").intValue()).equals("NoWinner"))) {
                problems.add("the ruling names no winner but did not end the bounty NoWinner");
            }
        } else {
            String winner = after.stream().filter(e -> e.name().equals("BountyCompleted")).map(e -> e.address("winner")).findFirst().orElse(null);
            if (!dispute.ruledWinner().equals(winner)) {
                problems.add("the ruling names " + dispute.ruledWinner() + " the winner, but the bounty " + (winner == null ? "did not complete"
                        : "completed with " + winner));
            }
        }
        return problems;
    }
}
