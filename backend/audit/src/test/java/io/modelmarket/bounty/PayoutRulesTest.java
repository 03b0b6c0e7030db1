package io.modelmarket.bounty;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Bytes32;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The payout rules replayed over a bounty: the winner's reward and stake, a slashed stake burned, a claim outranked
 * by a better one refunded, a stake that never predicted after the release burned, the bonds back to the requester;
 * a dispute that overturns the verifier's proposal pays the disputer, and settling burns the candidates ranking
 * before the ruled winner; a settlement the contract recorded otherwise, or of a submission that owes none, is told
 * apart.
 */
class PayoutRulesTest {
    private static final String A = "0x00000000000000000000000000000000000000aa";
    private static final String B = "0x00000000000000000000000000000000000000bb";
    private static final String C = "0x00000000000000000000000000000000000000cc";
    private static final String D = "0x00000000000000000000000000000000000000dd";
    private static final String BURN = PayoutRules.BURN_ADDRESS;
    private static final String REQUESTER = "0x0000000000000000000000000000000000000001";

    /** A played to the end: A wins, B overclaimed (slashed), C claimed below B and did not reveal, D never predicted. */
    private static Events played(String cSettledRefund, String cSettledBurn) {
        Events events = new Events().add("BountyCreated", "requester", "0x0000000000000000000000000000000000000001",
                "verifier", "0x0000000000000000000000000000000000000002",
                "params", Events.params("reward", 1000, "trainerStake", 10, "minScore", 1));
        int sequence = 0;
        for (String trainer : new String[] {A, B, C, D}) {
            events.add("ModelCommitted", "trainer", trainer, "sequence", ++sequence, "stake", 10);
        }
        events.add("KeyReleased", "key", Bytes32.randomSalt().toHex());
        for (String trainer : new String[] {A, B, C}) {
            events.add("PredictionsCommitted", "trainer", trainer);
        }
        events.add("ScoreClaimed", "trainer", A, "score", 5).add("ScoreClaimed", "trainer", B, "score", 7).add("ScoreClaimed", "trainer", C, "score", 5);
        events.add("SubmissionRevealed", "trainer", B, "score", 6).same("SubmissionSlashed", "trainer", B, "stake", 10)
                .same("Credited", "account", BURN, "amount", 10);
        events.add("SubmissionRevealed", "trainer", A, "score", 5);
        events.add("PhaseChanged", "phase", MarketEnums.PHASES.indexOf("Completed")).same("BountyCompleted", "winner", A);
        events.add("SubmissionSettled", "trainer", C, "refunded", cSettledRefund, "burned", cSettledBurn);
        events.add("SubmissionSettled", "trainer", D, "refunded", 0, "burned", 10);
        return events;
    }

    @Test
    void replaysWhoIsOwedWhat() {
        PayoutRules.Replay replay = PayoutRules.replay(BountyRecord.of(Bytes32.randomSalt(), played("10", "0").list()));

        assertThat(replay.phase()).isEqualTo("Completed");
        assertThat(replay.credits()).isEqualTo(Map.of(A, BigInteger.valueOf(1010), C, BigInteger.TEN, BURN, BigInteger.valueOf(20),
                REQUESTER, BigInteger.TEN)); // the verifier bond back
        assertThat(replay.settlements()).extracting(PayoutRules.Settlement::trainer, PayoutRules.Settlement::statusBefore,
                PayoutRules.Settlement::refunded, PayoutRules.Settlement::recordedAsOwed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(C, "Claimed", BigInteger.TEN, true),
                        org.assertj.core.groups.Tuple.tuple(D, "Committed", BigInteger.ZERO, true));
    }

    @Test
    void aSettlementRecordedOtherwiseOrOwedByNoneIsToldApart() {
        Events events = played("0", "10").add("SubmissionSettled", "trainer", B, "refunded", 0, "burned", 10);
        PayoutRules.Replay replay = PayoutRules.replay(BountyRecord.of(Bytes32.randomSalt(), events.list()));

        PayoutRules.Settlement c = replay.settlements().get(0);
        assertThat(c.owed()).isTrue();
        assertThat(c.recordedAsOwed()).as("the rules refund C, outranked by B's claim").isFalse();
        PayoutRules.Settlement slashed = replay.settlements().get(2);
        assertThat(slashed.statusBefore()).isEqualTo("Slashed");
        assertThat(slashed.owed()).isFalse();
    }

    @Test
    void anOverturningRulingPaysTheDisputerTheBondAndItsFeeAndBurnsTheCandidateRankedBeforeTheRuledWinner() {
        Events events = new Events().add("BountyCreated", "requester", REQUESTER, "verifier", "0x0000000000000000000000000000000000000002",
                "params", Events.params("reward", 1000, "trainerStake", 10, "minScore", 1));
        events.add("ModelCommitted", "trainer", A, "sequence", 1, "stake", 10).add("ModelCommitted", "trainer", B, "sequence", 2, "stake", 10);
        events.add("KeyReleased", "key", Bytes32.randomSalt().toHex());
        events.add("PredictionsCommitted", "trainer", A).add("PredictionsCommitted", "trainer", B);
        events.add("ScoreClaimed", "trainer", A, "score", 5).add("ScoreClaimed", "trainer", B, "score", 7);
        events.add("SubmissionRevealed", "trainer", B, "score", 7).add("SubmissionRevealed", "trainer", A, "score", 5);
        events.add("VerificationAttested", "trainer", B, "reproduced", false).add("VerificationAttested", "trainer", A, "reproduced", true)
                .same("WinnerProposed", "winner", A).same("PhaseChanged", "phase", MarketEnums.PHASES.indexOf("Challenging"));
        events.add("DisputeRaised", "disputeId", 0, "kind", 2, "disputer", B, "fee", 100, "deposit", 10);
        events.add("DisputeRuled", "disputeId", 0, "ruling", 2, "overturned", true).same("BountyCompleted", "winner", B)
                .same("PhaseChanged", "phase", MarketEnums.PHASES.indexOf("Completed")).same("FeeCredited", "account", B, "amount", 100);
        events.add("SubmissionSlashed", "trainer", A, "stake", 10);

        PayoutRules.Replay replay = PayoutRules.replay(BountyRecord.of(Bytes32.randomSalt(), events.list()));

        assertThat(replay.disputes()).singleElement().satisfies(dispute -> {
            assertThat(dispute.ruledWinner()).isEqualTo(B);
            assertThat(dispute.overturns()).isTrue();
        });
        assertThat(replay.credits()).as("B: deposit and bond back, reward and stake; A ranked before B: burned; no bond to the requester")
                .isEqualTo(Map.of(B, BigInteger.valueOf(20 + 1010), BURN, BigInteger.TEN));
        assertThat(replay.feeCredits()).isEqualTo(Map.of(B, BigInteger.valueOf(100)));
        assertThat(replay.settlements()).singleElement().satisfies(settled -> {
            assertThat(settled.trainer()).isEqualTo(A);
            assertThat(settled.recordedAsOwed()).isFalse(); // A ranks after B: owed a refund, not a burn
        });
    }

    @Test
    void aHigherScoreRanksFirstThenTheEarlierCommit() {
        assertThat(PayoutRules.ranksBefore(7, 2, 5, 1)).isTrue();
        assertThat(PayoutRules.ranksBefore(5, 1, 5, 3)).isTrue();
        assertThat(PayoutRules.ranksBefore(5, 3, 5, 1)).isFalse();
        assertThat(PayoutRules.ranksBefore(5, 1, 5, 1)).isFalse();
    }
}
