package io.modelmarket.server.indexer;

import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.protocol.Wei;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The bounties as their events made them ({@code bounty}), the read model the API and the verifier list and
 * show. The indexer's {@link BountyProjection} writes it; the phase a bounty is in is derived from the stored
 * one and the clock when read. The one owner of the SQL on that table.
 */
@Repository
public class BountyReadModel {
    private final JdbcClient db;

    public BountyReadModel(JdbcClient db) {
        this.db = db;
    }

    /**
     * A bounty as its events made it. A CID field is null when the chain's string did not parse as a CID;
     * {@code cidProblem} then says which. {@code reward} and {@code trainerStake} are in wei, sent as decimal
     * strings (see {@link Wei}). {@code phase} is what the contract's {@code phaseOf} answers at {@code now} (the
     * stored phase moved on by the clock), {@code phaseDeadline} when it ends (0: never); {@code storedPhase} is
     * the last {@code PhaseChanged}. {@code sealingKey} is null until the requester released it. {@code proposedWinner} is
     * the verification's proposal as recorded on chain ({@code WinnerProposed}; the zero address: nobody reproduces),
     * null before one (a silent verifier's default is not recorded until a transaction moves the bounty on). {@code maxError} is the
     * contract's (0 for Accuracy), {@code maxScore} the metric's best score ({@link Scoring#maxScore}).
     */
    public record Bounty(String id, String requester, String verifier, Wei reward, Wei trainerStake, long modelDeadline,
            long responseWindow, long testSize, int numClasses, long maxSubmissions, String metric, long maxError, long minScore, long maxScore,
            String groundTruthCommitment, String sealingKeyCommitment, String trainingCid, String sealedTestInputsCid, String metadataCid,
            String cidProblem, String sealingKey, String phase, long phaseDeadline, String storedPhase, long now, int liveSubmissions,
            int predicted, int contenders, int candidates, String winner, Long winningScore, String proposedWinner, long createdBlock) {}

    /** The zero address: as a proposal, "nobody reproduces". */
    public static final String NOBODY = "0x0000000000000000000000000000000000000000";

    /** What a {@code BountyCreated} event fixes: the row a bounty starts as (stored phase Open until its deadline). */
    public record CreatedBounty(String id, String requester, String verifier, Wei reward, Wei trainerStake, long modelDeadline,
            long responseWindow, long testSize, int numClasses, long maxSubmissions, String metric, long maxError, long minScore,
            String groundTruthCommitment, String sealingKeyCommitment, String trainingCid, String sealedTestInputsCid, String metadataCid,
            String cidProblem, long createdBlock) {}

    /** The counters of a bounty the submission events move ({@code phaseOf} reads them). */
    public enum Counter {
        LIVE_SUBMISSIONS("live_submissions"),
        PREDICTED("predicted"),
        CONTENDERS("contenders"),
        CANDIDATES("candidates");

        private final String column;

        Counter(String column) {
            this.column = column;
        }
    }

    /**
     * The phase {@code phaseOf} answers at {@code :now}, in SQL so that the list can filter on it: exactly the
     * contract's rules (BountyMarket.phaseOf). Only Open, Predicting, Claiming and Challenging are stored with a
     * deadline; Disputed and an end phase are stored with deadline 0, so the first test never holds for them. After
     * Verifying a silent verifier's default is final at once for a single candidate, else after a window of
     * Challenging; a recorded Challenging ends with its proposal: Completed, or NoWinner when it is nobody.
     */
    private static final String EFFECTIVE_PHASE = """
            CASE WHEN :now < phase_deadline THEN phase
                 WHEN phase = 'Open' THEN CASE WHEN live_submissions = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + response_window THEN 'KeyRelease' ELSE 'RequesterSlashed' END
                 WHEN phase = 'Predicting' THEN CASE WHEN predicted = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + response_window THEN 'AwaitingGroundTruth' ELSE 'RequesterSlashed' END
                 WHEN phase = 'Claiming' THEN CASE WHEN contenders = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + response_window THEN 'Revealing'
                      WHEN candidates = 0 THEN 'Refunded'
                      WHEN :now < phase_deadline + 2 * response_window THEN 'Verifying'
                      WHEN candidates = 1 OR :now >= phase_deadline + 3 * response_window THEN 'Completed' ELSE 'Challenging' END
                 WHEN phase = 'Challenging' THEN CASE WHEN proposed_winner IS NULL OR proposed_winner = '%s' THEN 'NoWinner'
                      ELSE 'Completed' END
                 ELSE phase END""".formatted(NOBODY);

    private static final String SELECT_BOUNTY = "SELECT b.*, " + EFFECTIVE_PHASE + " AS effective_phase FROM bounty b";

    /** Reads a bounty row by column name; cheaper than reflective record mapping, which dominated the list's time. */
    private static RowMapper<Bounty> bountyRow(long now) {
        return (row, n) -> {
            String stored = row.getString("phase");
            String effective = row.getString("effective_phase");
            long storedDeadline = row.getLong("phase_deadline");
            long window = row.getLong("response_window");
            long winningScore = row.getLong("winning_score");
            Long winning = row.wasNull() ? null : winningScore;
            String metric = row.getString("metric");
            long maxError = row.getLong("max_error");
            long testSize = row.getLong("test_size");
            return new Bounty(row.getString("id"), row.getString("requester"), row.getString("verifier"), wei(row.getBigDecimal("reward")),
                    wei(row.getBigDecimal("trainer_stake")), row.getLong("model_deadline"), window, testSize,
                    row.getInt("num_classes"), row.getLong("max_submissions"), metric, maxError, row.getLong("min_score"),
                    maxScore(metric, maxError, testSize), row.getString("ground_truth_commitment"), row.getString("sealing_key_commitment"),
                    row.getString("training_cid"), row.getString("sealed_test_inputs_cid"), row.getString("metadata_cid"),
                    row.getString("cid_problem"), row.getString("sealing_key"), effective,
                    deadlineOf(effective, stored, storedDeadline, window), stored, now, row.getInt("live_submissions"), row.getInt("predicted"),
                    row.getInt("contenders"), row.getInt("candidates"), row.getString("winner"), winning, row.getString("proposed_winner"),
                    row.getLong("created_block"));
        };
    }

    /**
     * When the effective phase ends: the stored deadline while it holds (0 for Disputed: until the ruling), one
     * window after it for the phases the clock derives from it, two for Verifying (it follows Revealing), three for
     * a silent verifier's Challenging (it follows Verifying); 0 for an end.
     */
    static long deadlineOf(String effective, String stored, long storedDeadline, long window) {
        if (MarketEnums.ended(effective)) {
            return 0;
        }
        if (effective.equals(stored)) {
            return storedDeadline;
        }
        return storedDeadline + window * switch (effective) {
            case "Verifying" -> 2;
            case "Challenging" -> 3;
            default -> 1;
        };
    }

    /** The metric's best score: {@code maxError × testSize} for MeanAbsoluteError, {@code testSize} for Accuracy (and any metric unknown here). */
    static long maxScore(String metric, long maxError, long testSize) {
        return metric.equals(MarketEnums.metric(Scoring.Metric.MEAN_ABSOLUTE_ERROR.ordinal())) ? maxError * testSize : testSize;
    }

    private static Wei wei(BigDecimal column) {
        return Wei.of(column.toBigIntegerExact());
    }

    public void insertBounty(CreatedBounty bounty) {
        db.sql("""
                        INSERT INTO bounty (id, requester, verifier, reward, trainer_stake, model_deadline, response_window, test_size,
                            num_classes, max_submissions, metric, max_error, min_score, ground_truth_commitment, sealing_key_commitment, training_cid,
                            sealed_test_inputs_cid, metadata_cid, cid_problem, phase, phase_deadline, live_submissions, predicted, contenders,
                            candidates, created_block)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Open', ?, 0, 0, 0, 0, ?)""")
                .params(bounty.id(), bounty.requester(), bounty.verifier(), new BigDecimal(bounty.reward().value()),
                        new BigDecimal(bounty.trainerStake().value()), bounty.modelDeadline(), bounty.responseWindow(), bounty.testSize(),
                        bounty.numClasses(), bounty.maxSubmissions(), bounty.metric(), bounty.maxError(), bounty.minScore(), bounty.groundTruthCommitment(),
                        bounty.sealingKeyCommitment(), bounty.trainingCid(), bounty.sealedTestInputsCid(), bounty.metadataCid(), bounty.cidProblem(),
                        bounty.modelDeadline(), bounty.createdBlock())
                .update();
    }

    public void setPhase(String bountyId, String phase, long deadline) {
        db.sql("UPDATE bounty SET phase = ?, phase_deadline = ? WHERE id = ?").params(phase, deadline, bountyId).update();
    }

    public void addTo(String bountyId, Counter counter, int change) {
        db.sql("UPDATE bounty SET " + counter.column + " = " + counter.column + " + ? WHERE id = ?").params(change, bountyId).update();
    }

    public void setSealingKey(String bountyId, String key) {
        db.sql("UPDATE bounty SET sealing_key = ? WHERE id = ?").params(key, bountyId).update();
    }

    public void setWinner(String bountyId, String winner, long score) {
        db.sql("UPDATE bounty SET winner = ?, winning_score = ? WHERE id = ?").params(winner, score, bountyId).update();
    }

    public void setProposedWinner(String bountyId, String winner) {
        db.sql("UPDATE bounty SET proposed_winner = ? WHERE id = ?").params(winner, bountyId).update();
    }

    public void deleteBounty(String bountyId) {
        db.sql("DELETE FROM bounty WHERE id = ?").param(bountyId).update();
    }

    /** The bounty as it stands at {@code now} (Unix seconds of the chain's clock). */
    public Optional<Bounty> bounty(String bountyId, long now) {
        return db.sql(SELECT_BOUNTY + " WHERE b.id = :id").param("id", bountyId.toLowerCase()).param("now", now).query(bountyRow(now)).optional();
    }

    /** Bounties newest first, optionally of one (effective) phase and one requester, as they stand at {@code now}. */
    public List<Bounty> bounties(String phase, String requester, int limit, int offset, long now) {
        // Only the filters given go into the query, so the database can walk the matching index.
        StringBuilder sql = new StringBuilder(SELECT_BOUNTY + " WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        params.put("now", now);
        if (phase != null) {
            sql.append(" AND ").append(EFFECTIVE_PHASE).append(" = :phase");
            params.put("phase", phase);
        }
        if (requester != null) {
            sql.append(" AND requester = :requester");
            params.put("requester", requester.toLowerCase());
        }
        sql.append(" ORDER BY created_block DESC, id LIMIT :limit OFFSET :offset");
        params.put("limit", limit);
        params.put("offset", offset);
        return db.sql(sql.toString()).params(params).query(bountyRow(now)).list();
    }

    /** Bounties in Verifying at {@code now} that name {@code verifier}. */
    public List<String> bountiesVerifying(String verifier, long now) {
        return db.sql("SELECT id FROM (" + SELECT_BOUNTY + " WHERE b.verifier = :verifier) v WHERE v.effective_phase = 'Verifying'")
                .param("verifier", verifier.toLowerCase()).param("now", now).query(String.class).list();
    }
}
