package io.modelmarket.server.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.protocol.Wei;
import io.modelmarket.server.TestDataSources;
import io.modelmarket.server.indexer.BountyReadModel.Counter;
import java.math.BigInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read model's phases after Verifying, as the contract's phaseOf and currentPhase answer them: a silent verifier's
 * default is final at once for one candidate, else Challenging for a window; a recorded Challenging ends with its
 * proposal (Completed, or NoWinner for nobody); Disputed waits for the ruling. And a reorganization forgets a bounty's
 * disputes and evidence with it. On H2, and on PostgreSQL in the build's PostgreSQL run.
 */
class DisputePhasesTest {
    private static final String ID = "0x" + "ab".repeat(32);
    private static final long DEADLINE = 10_000;
    private static final long WINDOW = 3_600;
    private static final String TRAINER = "0x" + "cd".repeat(20);

    private BountyReadModel bounties;
    private BountyDisputes disputes;

    @BeforeEach
    void database() {
        DataSource database = TestDataSources.newDatabase("dispute-phases");
        Flyway.configure().dataSource(database).load().migrate();
        JdbcClient db = JdbcClient.create(database);
        bounties = new BountyReadModel(db);
        disputes = new BountyDisputes(db);
        bounties.insertBounty(new BountyReadModel.CreatedBounty(ID, "0x" + "01".repeat(20), "0x" + "02".repeat(20), Wei.of(BigInteger.TEN),
                Wei.of(BigInteger.ONE), 1_000, WINDOW, 100, 2, 10, "Accuracy", 0, 50, "0x", "0x", null, null, null, null, 1));
        bounties.setPhase(ID, "Claiming", DEADLINE);
        bounties.addTo(ID, Counter.CONTENDERS, 2);
    }


    private String phaseAt(long now) {
        return bounties.bounty(ID, now).orElseThrow().phase();
    }

    private long deadlineAt(long now) {
        return bounties.bounty(ID, now).orElseThrow().phaseDeadline();
    }

    @Test
    void aSilentVerifiersDefaultWithTwoCandidatesCanBeDisputedForAWindow() {
        bounties.addTo(ID, Counter.CANDIDATES, 2);
        assertThat(phaseAt(DEADLINE + WINDOW)).isEqualTo("Verifying");
        assertThat(deadlineAt(DEADLINE + WINDOW)).isEqualTo(DEADLINE + 2 * WINDOW);
        assertThat(phaseAt(DEADLINE + 2 * WINDOW)).isEqualTo("Challenging");
        assertThat(deadlineAt(DEADLINE + 2 * WINDOW)).isEqualTo(DEADLINE + 3 * WINDOW);
        assertThat(phaseAt(DEADLINE + 3 * WINDOW - 1)).isEqualTo("Challenging");
        assertThat(phaseAt(DEADLINE + 3 * WINDOW)).isEqualTo("Completed");
        assertThat(deadlineAt(DEADLINE + 3 * WINDOW)).isZero();
        assertThat(bounties.bounties("Challenging", null, 10, 0, DEADLINE + 2 * WINDOW)).hasSize(1);
    }

    @Test
    void aSilentVerifiersDefaultWithOneCandidateIsFinalAtOnce() {
        bounties.addTo(ID, Counter.CANDIDATES, 1);
        assertThat(phaseAt(DEADLINE + 2 * WINDOW)).isEqualTo("Completed");
    }

    @Test
    void aRecordedChallengingEndsWithItsProposal() {
        long end = DEADLINE + 3 * WINDOW;
        bounties.setPhase(ID, "Challenging", end);
        bounties.setProposedWinner(ID, TRAINER);
        assertThat(phaseAt(end - 1)).isEqualTo("Challenging");
        assertThat(deadlineAt(end - 1)).isEqualTo(end);
        assertThat(phaseAt(end)).isEqualTo("Completed");
        bounties.setProposedWinner(ID, BountyReadModel.NOBODY);
        assertThat(phaseAt(end)).isEqualTo("NoWinner");
    }

    @Test
    void aDisputedBountyWaitsForTheRulingAndAReorganizationForgetsItsDispute() {
        bounties.setPhase(ID, "Disputed", 0);
        assertThat(phaseAt(Long.MAX_VALUE / 2)).isEqualTo("Disputed");
        assertThat(deadlineAt(0)).isZero();
        disputes.insertDispute(ID, BigInteger.TWO.pow(255), "Verification", TRAINER, BigInteger.ONE, BigInteger.TEN, 5);
        disputes.insertEvidence(ID, 5, 1, TRAINER, "/ipfs/" + "bafkreibpizyk6ynfqp7lv3ti6ce6p27oduklrsei2oxjsfgaw6xbfikhaq");
        disputes.insertEvidence(ID, 6, 0, TRAINER, "<script>alert(1)</script>");
        disputes.recordRuling(BigInteger.TWO.pow(255), BigInteger.valueOf(3), true, 7);
        assertThat(disputes.disputesOf(ID)).singleElement().satisfies(dispute -> {
            assertThat(dispute.disputeId()).isEqualTo(BigInteger.TWO.pow(255).toString());
            assertThat(dispute.ruling()).isEqualTo("3");
            assertThat(dispute.overturned()).isTrue();
            assertThat(dispute.ruledBlock()).isEqualTo(7);
        });
        assertThat(disputes.evidenceOf(ID)).extracting(BountyDisputes.Evidence::uri)
                .containsExactly("/ipfs/bafkreibpizyk6ynfqp7lv3ti6ce6p27oduklrsei2oxjsfgaw6xbfikhaq", null);
        disputes.deleteOf(ID);
        assertThat(disputes.disputesOf(ID)).isEmpty();
        assertThat(disputes.evidenceOf(ID)).isEmpty();
    }
}
