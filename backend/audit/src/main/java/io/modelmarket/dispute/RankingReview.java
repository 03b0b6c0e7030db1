package io.modelmarket.dispute;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verifier.Candidate;
import io.modelmarket.verifier.Judgement;
import io.modelmarket.verifier.Judgement.Verdict;
import io.modelmarket.verifier.VerificationRound;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a Verification dispute asks (docs/protocol.md, "Disputes"): which revealed candidate is the best whose model
 * reproduces its predictions, or none. A review re-runs every revealed candidate, the ones the verifier popped
 * included, best first as the contract ranks them, and names the ruling its re-runs point to. The arbitrator's
 * operator reviews before ruling ({@code modelmarket rule}); a watcher reviews a proposal it did not make and
 * disputes it when the ruling differs (the server's {@code ProposalWatcher}).
 */
public final class RankingReview {
    private RankingReview() {}

    /** A trainer's {@code SubmissionRevealed} event: its model's CID (as revealed) and its predictions. */
    public record Reveal(String trainer, String modelCid, String predictionsHex) {}

    /** A revealed candidate and the ruling that names it: its commit sequence. */
    public record Choice(int ruling, Candidate candidate) {}

    /** One candidate re-run. */
    public record Reviewed(int ruling, Judgement judgement) {}

    /**
     * What the re-runs show.
     *
     * @param reviewed every candidate, best first
     * @param ruling the ruling they point to: the best reproducing candidate's, or {@code noWinner} when none
     *     reproduces; empty when a run before that one could not be made (the review is undecided)
     * @param noWinner the ruling "none" ({@code commitCount + 1})
     */
    public record Outcome(List<Reviewed> reviewed, OptionalInt ruling, int noWinner) {
        public List<Judgement> judgements() {
            return reviewed.stream().map(Reviewed::judgement).toList();
        }
    }

    /**
     * The revealed candidates among {@code reveals}, with the claims and commit sequences the chain holds, best first as
     * the contract ranks them (higher claim, then the earlier commit); a trainer whose submission is no longer
     * {@code Revealed} (settled) is left out.
     */
    public static List<Choice> choices(BountyMarket market, Bytes32 bountyId, List<Reveal> reveals) throws Exception {
        List<Choice> choices = new ArrayList<>();
        for (Reveal reveal : reveals) {
            BountyMarket.Submission submission = market.getSubmission(bountyId.toByteArray(), reveal.trainer()).send();
            if (MarketEnums.submissionStatus(submission.status.intValue()).equals("Revealed")) {
                choices.add(new Choice(submission.sequence.intValue(), new Candidate(reveal.trainer(), submission.claimed.longValue(),
                        reveal.modelCid(), Hex.decode(reveal.predictionsHex(), "predictions"))));
            }
        }
        choices.sort(Comparator.<Choice>comparingLong(choice -> -choice.candidate().score()).thenComparingInt(Choice::ruling));
        return choices;
    }

    /** The ruling "none" of the bounty's Verification dispute ({@code commitCount + 1}). */
    public static int noWinner(BountyMarket market, Bytes32 bountyId) throws Exception {
        return market.disputeChoices(bountyId.toByteArray(), BigInteger.valueOf(MarketEnums.DISPUTE_KINDS.indexOf("Verification")))
                .send().intValueExact();
    }

    /** Re-runs every one of {@code choices} (best first) through {@code round}, telling {@code listener} as it goes. */
    public static Outcome review(VerificationRound round, VerificationRound.Bounty bounty, List<Choice> choices, int noWinner,
            VerificationRound.Listener listener) {
        List<Reviewed> reviewed = new ArrayList<>();
        for (Choice choice : choices) {
            listener.judging(choice.candidate());
            Judgement judgement = round.judge(bounty, choice.candidate());
            listener.judged(judgement);
            reviewed.add(new Reviewed(choice.ruling(), judgement));
        }
        return new Outcome(reviewed, pointedRuling(reviewed, noWinner), noWinner);
    }

    /** The first candidate not rejected decides: its ruling when it reproduces, undecided when its run could not be made. */
    private static OptionalInt pointedRuling(List<Reviewed> reviewed, int noWinner) {
        return reviewed.stream().filter(entry -> entry.judgement().verdict() != Verdict.REJECTED).findFirst()
                .map(entry -> entry.judgement().verdict() == Verdict.ACCEPTED ? OptionalInt.of(entry.ruling()) : OptionalInt.empty())
                .orElse(OptionalInt.of(noWinner));
    }
}
