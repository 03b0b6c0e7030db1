package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A transaction the chain refuses is said in words, what happened and what comes next, with the decoded error kept for details. */
class RefusalsTest {
    private static final String BOUNTY = "0x" + "ab".repeat(32);
    private static final String TRAINER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    @Test
    void aStepTakenTwiceSaysSoAndWhatComesNext() {
        String twice = "WrongSubmissionStatus(bountyId=" + BOUNTY + ", trainer=" + TRAINER + ", expected=Committed, actual=Predicted)";
        assertThat(Refusals.explain(twice)).isEqualTo("predictions already committed; next: 'claim' once the requester has revealed the labels ("
                + twice + ")");
        assertThat(Refusals.explain("WrongSubmissionStatus(bountyId=" + BOUNTY + ", trainer=" + TRAINER + ", expected=Predicted, actual=Claimed)"))
                .startsWith("already claimed; next: 'reveal' while Revealing, if the claim made a contender (WrongSubmissionStatus(");
    }

    @Test
    void theRequesterEnteringItsOwnBountyIsToldToUseATrainersKey() {
        assertThat(Refusals.explain("RequesterCannotSubmit(bountyId=" + BOUNTY + ")"))
                .isEqualTo("the requester cannot enter its own bounty: commit with a trainer's key (RequesterCannotSubmit(bountyId=" + BOUNTY + "))");
    }

    @Test
    void aRevealBelowTheMinScoreSaysThereIsNothingToReveal() {
        assertThat(Refusals.explain("NotContender(bountyId=" + BOUNTY + ", trainer=" + TRAINER + ", claimed=3, minScore=60)"))
                .startsWith("the claim 3 is below the bounty's min score 60: not a contender, nothing to reveal");
    }

    @Test
    void aShortBalanceIsSaidInMdc() {
        assertThat(Refusals.explain("ERC20InsufficientBalance(sender=" + TRAINER + ", balance=1500000000000000000, needed=2000000000000000000)"))
                .startsWith(TRAINER + " holds 1.5 MDC but this needs 2 MDC (on a dev chain: modelmarket faucet)");
    }

    @Test
    void theDisputeErrorsSayWhatToDoInstead() {
        assertThat(Refusals.explain("WrongArbitrationFee(expected=100000000000000000, sent=0)"))
                .startsWith("the call must send exactly the arbitration cost of 0.1 ether, not 0 ether");
        assertThat(Refusals.explain("AlreadyDisputed(bountyId=" + BOUNTY + ", kind=TestInputs)"))
                .startsWith("the bounty's TestInputs decision is disputed already (one dispute per bounty and kind): add evidence to it");
        assertThat(Refusals.explain("NotOwner()")).startsWith("only the arbitrator's owner rules its disputes");
        assertThat(Refusals.explain("InvalidRuling(disputeId=0, ruling=5, choices=3)")).startsWith("ruling 5 is above the dispute's 3 choices");
    }

    @Test
    void anErrorWithoutASentenceStaysAsDecoded() {
        assertThat(Refusals.explain("LabelsHashMismatch(bountyId=" + BOUNTY + ")")).isEqualTo("LabelsHashMismatch(bountyId=" + BOUNTY + ")");
        assertThat(Refusals.explain("the node refused: nonce too low")).isEqualTo("the node refused: nonce too low");
    }

    @Test
    void chainTimesAreUtcWithTheDistanceFromTheChainsNow() {
        long now = 1_796_324_645L - 2400; // 2026-12-03 18:24:05 UTC
        assertThat(ChainTime.at(now + 2400)).isEqualTo("2026-12-03 19:04:05 UTC");
        assertThat(ChainTime.relative(now + 2460, now)).isEqualTo("in 41 min");
        assertThat(ChainTime.relative(now - 7500, now)).isEqualTo("2 h 5 min ago");
        assertThat(ChainTime.relative(now + 90_000, now)).isEqualTo("in 1 d 1 h");
    }
}
