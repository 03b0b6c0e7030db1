package io.modelmarket.cli;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.protocol.Scoring;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a bounty's scores mean (docs/protocol.md, "Scoring"): correct test rows under Accuracy; under mean absolute error
 * {@code maxError} units per row less each row's error, capped at {@code maxError}, so that a score stands for a mean
 * error in the target's own unit.
 *
 * @param maxError in units of the target's last decimal (regression only; 0 for Accuracy)
 * @param decimals the target's decimals (regression only; 0 for Accuracy)
 */
record ScoreScale(Scoring.Metric metric, long maxError, int decimals, int testSize) {
    /** The scale of {@code bounty} as the chain has it, whose targets (regression) have {@code decimals} decimals. */
    static ScoreScale of(BountyMarket.Bounty bounty, int decimals) {
        return new ScoreScale(Scoring.Metric.ofIndex(bounty.metric.intValueExact()), bounty.maxError.longValueExact(), decimals,
                bounty.testSize.intValueExact());
    }

    static ScoreScale accuracy(int testSize) {
        return new ScoreScale(Scoring.Metric.ACCURACY, 0, 0, testSize);
    }

    boolean regression() {
        return metric == Scoring.Metric.MEAN_ABSOLUTE_ERROR;
    }

    long maxScore() {
        return Scoring.maxScore(metric, maxError, testSize);
    }

    /** {@code units} of the target's last decimal in the target's own unit, e.g. {@code 2.50} for 250 at 2 decimals. */
    String inTarget(long units) {
        return BigDecimal.valueOf(units, decimals).toPlainString();
    }

    /** The target's unit, e.g. {@code 0.01} at 2 decimals. */
    String unit() {
        return inTarget(1);
    }

    /**
     * The mean absolute error a {@code score} stands for, in the target's unit: {@code maxError − score / testSize} units
     * (each row's error counted up to {@code maxError}), to two digits beyond the target's decimals.
     */
    String meanError(long score) {
        BigDecimal units = BigDecimal.valueOf(maxScore() - score).divide(BigDecimal.valueOf(testSize), 2, RoundingMode.HALF_EVEN);
        return units.movePointLeft(decimals).stripTrailingZeros().toPlainString();
    }

    /** What a least score of {@code minScore} asks of a winner, in words. */
    String leastScore(long minScore) {
        if (!regression()) {
            return "a winner needs " + minScore + " of " + testSize + " test rows right";
        }
        return "a winner needs a score of at least " + minScore + " of " + maxScore() + ": a mean absolute error of at most " + meanError(minScore)
                + " (each row's error counted up to " + inTarget(maxError) + ")";
    }

    /** A score in words: correct rows, or the score, its best and the mean error it stands for. */
    String score(long score) {
        return regression() ? score + " of " + maxScore() + " (a mean absolute error of " + meanError(score) + ")" : score + " of " + testSize;
    }
}
