package io.modelmarket.audit;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.PayoutRules;
import io.modelmarket.chain.MarketEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit's checks of the money: {@code payouts.credits} (every token credit and fee credit as {@link PayoutRules}
 * give it), {@code payouts.noStakeToSlasher}, {@code escrow.bounty} and {@code money.invariant}.
 */
final class PayoutChecks {
    private PayoutChecks() {}

    /**
     * payouts.credits: the payout rules replayed over the events give every credit the contract recorded (tokens and fee
     * credits in wei), and each settlement.
     */
    static Check credits(BountyRecord bounty) {
        PayoutRules.Replay replay = PayoutRules.replay(bounty);
        List<String> problems = new ArrayList<>();
        for (PayoutRules.Settlement settled : replay.settlements()) {
            if (!settled.owed()) {
                problems.add("settling " + settled.trainer() + ", whose submission is " + settled.statusBefore() + ", owes nothing");
            } else if (!settled.recordedAsOwed()) {
                problems.add("settling " + settled.trainer() + " (" + settled.statusBefore() + ", bounty " + settled.phase() + ") refunded "
                        + settled.recordedRefund() + " and burned " + settled.recordedBurn() + "; the rules say "
                        + settled.refunded() + " and " + settled.burned());
            }
        }
        Map<String, BigInteger> actual = new TreeMap<>();
        bounty.events().stream().filter(e -> e.name().equals("Credited"))
                .forEach(e -> PayoutRules.credit(actual, e.address("account"), e.number("amount")));
        if (!replay.credits().equals(actual)) {
            problems.add("credits by the rules " + replay.credits() + ", credited " + actual);
        }
        Map<String, BigInteger> fees = new TreeMap<>();
        bounty.events().stream().filter(e -> e.name().equals("FeeCredited"))
                .forEach(e -> PayoutRules.credit(fees, e.address("account"), e.number("amount")));
        if (!replay.feeCredits().equals(fees)) {
            problems.add("fee credits (wei) by the rules " + replay.feeCredits() + ", credited " + fees);
        }
        return Check.of("payouts.credits", problems.isEmpty(),
                "every credit follows the payout rules (" + actual.size() + " accounts credited, " + fees.size() + " credited wei of the fee bond, "
                        + replay.disputes().size() + " dispute(s), phase " + replay.phase() + ")",
                String.join("; ", problems));
    }

    /**
     * payouts.noStakeToSlasher: every slashed or forfeited stake was credited to the burn address in the
     * transaction that took it, never to the requester or the verifier, who could cause a slash; the verifier is
     * credited nothing and the requester nothing but its own reward, its verifier bond, and the deposit of a failed
     * dispute of its test inputs (for the delay).
     */
    static Check noStakeToSlasher(BountyRecord bounty) {
        List<String> problems = new ArrayList<>();
        List<MarketEvent> events = bounty.events();
        int burns = 0;
        for (int index = 0; index < events.size(); index++) {
            MarketEvent event = events.get(index);
            BigInteger taken = switch (event.name()) {
                case "SubmissionSlashed" -> event.number("stake");
                case "SubmissionSettled" -> event.number("burned");
                default -> BigInteger.ZERO;
            };
            if (taken.signum() == 0) {
                continue;
            }
            burns++;
            MarketEvent credit = events.subList(index + 1, events.size()).stream()
                    .takeWhile(e -> e.transactionHash().equals(event.transactionHash()))
                    .filter(e -> e.name().equals("Credited")).findFirst().orElse(null);
            if (credit == null || !credit.address("account").equals(PayoutRules.BURN_ADDRESS) || !credit.number("amount").equals(taken)) {
                problems.add("the " + taken + " taken from " + event.address("trainer") + " (" + event.name() + ", block " + event.block() + ") went to "
                        + (credit == null ? "no account" : party(credit.address("account"), bounty) + " (" + credit.number("amount") + ")")
                        + ", not to the burn address");
            }
        }
        BigInteger toRequester = BigInteger.ZERO;
        BigInteger toVerifier = BigInteger.ZERO;
        for (MarketEvent credit : events) {
            if (!credit.name().equals("Credited")) {
                continue;
            }
            if (credit.address("account").equals(bounty.requester())) {
                toRequester = toRequester.add(credit.number("amount"));
            } else if (credit.address("account").equals(bounty.verifier())) {
                toVerifier = toVerifier.add(credit.number("amount"));
            }
        }
        BigInteger stake = bounty.number("trainerStake");
        long testInputsUpheld = PayoutRules.replay(bounty).disputes().stream()
                .filter(d -> d.kind().equals("TestInputs") && d.ruled() != null && !d.overturns()).count();
        BigInteger requesterMost = bounty.number("reward").add(stake).add(stake.multiply(BigInteger.valueOf(testInputsUpheld)));
        if (toRequester.compareTo(requesterMost) > 0) {
            problems.add("the requester was credited " + toRequester + ", more than its reward, its verifier bond and what failed disputes of"
                    + " its test inputs owe it (" + requesterMost + ")");
        }
        if (toVerifier.signum() != 0) {
            problems.add("the verifier was credited " + toVerifier);
        }
        return Check.of("payouts.noStakeToSlasher", problems.isEmpty(), "stakes slashed or forfeited: " + burns
                + ", each credited to the burn address; to the verifier: nothing; to the requester: " + toRequester
                + " (its own reward and bond, or less)",
                String.join("; ", problems));
    }

    /** An account as a message names it: the requester, the verifier, or the address. */
    private static String party(String account, BountyRecord bounty) {
        return account.equals(bounty.requester()) ? "the requester " + account
                : account.equals(bounty.verifier()) ? "the verifier " + account : account;
    }

    /**
     * {@code escrow.bounty} and {@code money.invariant}: the reward, the verifier bond, the stakes and the dispute
     * deposits, less every credit, is the escrow the contract holds, and the market holds at least every escrow plus every
     * credit, and in ether every fee bond of a bounty not ended plus every fee credit (more when anyone sent tokens or
     * forced ether to it directly, which the report names as a surplus).
     */
    static List<Check> money(BountyHistory history, BountyRecord bounty) {
        BigInteger deposits = history.all("ModelCommitted").stream().map(e -> e.number("stake"))
                .reduce(bounty.number("reward").add(bounty.number("trainerStake")), BigInteger::add);
        deposits = history.all("DisputeRaised").stream().map(e -> e.number("deposit")).reduce(deposits, BigInteger::add);
        BigInteger credited = history.all("Credited").stream().map(e -> e.number("amount")).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger left = deposits.subtract(credited);
        Check escrow = Check.of("escrow.bounty", left.equals(history.escrow()),
                "deposits " + deposits + " less credits " + credited + " equal the escrow the contract holds",
                "deposits " + deposits + " less credits " + credited + " are " + left + ", the contract holds " + history.escrow());
        BountyHistory.MarketMoney money = history.money();
        BigInteger owed = money.totalEscrow().add(money.totalCredits());
        BigInteger surplus = money.tokenBalance().subtract(owed);
        BountyHistory.Ether ether = money.ether();
        BigInteger etherOwed = ether.totalFeeBonds().add(ether.totalFeeCredits());
        BigInteger etherSurplus = ether.balance().subtract(etherOwed);
        String etherHeld = "; in ether it holds " + ether.balance() + " wei" + (etherSurplus.signum() >= 0 ? ", at least" : " but owes") + " the "
                + etherOwed + " of the fee bonds " + ether.totalFeeBonds() + " and the fee credits " + ether.totalFeeCredits()
                + (etherSurplus.signum() < 0 ? ": " + etherSurplus.negate() + " wei missing" : "");
        Check invariant = Check.of("money.invariant", surplus.signum() >= 0 && etherSurplus.signum() >= 0,
                "the market holds " + money.tokenBalance() + ", at least the " + owed + " it owes (escrow of " + money.bounties() + " bounties + credits of "
                        + money.accounts() + " accounts)" + (surplus.signum() > 0 ? "; the surplus of " + surplus
                        + " was sent to it directly, outside any bounty" : "") + etherHeld,
                (surplus.signum() >= 0 ? "the market holds " + money.tokenBalance() + ", at least the " + owed + " it owes"
                        : "the market holds " + money.tokenBalance() + " but owes " + owed + " (escrow " + money.totalEscrow() + ", credits "
                        + money.totalCredits() + "): " + surplus.negate() + " missing") + etherHeld);
        return List.of(escrow, invariant);
    }
}
