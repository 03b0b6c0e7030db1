package io.modelmarket.verify;

import java.util.List;

/**
 * The outcome of re-running a model on a bounty's test inputs.
 *
 * @param status {@code REPRODUCED}, {@code NOT_REPRODUCED}, {@code FAILED} (the model was refused or broke one of the
 *     documented limits: the model's fault), or {@code INCONCLUSIVE} (the verifier could not make the run: its own fault)
 * @param failure why it failed or was inconclusive, or {@code null}
 * @param rows test rows
 * @param rowsMatched rows where the model predicted what was revealed
 * @param mismatchingRows the first 100 rows where it did not
 * @param correct the model's correct predictions against the revealed labels, or -1 without labels
 * @param threshold the share of rows that must match for {@code REPRODUCED}
 * @param confusion {@code confusion[label][predicted]} counts of the model's predictions, or {@code null} without labels
 * @param inspection what the model declares, or {@code null} when it could not be read
 * @param inferenceMillis time in the worker, start-up included
 */
public record VerificationResult(
        Status status,
        String failure,
        int rows,
        int rowsMatched,
        List<Integer> mismatchingRows,
        int correct,
        double threshold,
        int[][] confusion,
        ModelInspection inspection,
        long inferenceMillis) {

    public enum Status {
        REPRODUCED,
        NOT_REPRODUCED,
        /** The model was refused or broke a documented limit (memory, time, output shape, classes): it may be rejected. */
        FAILED,
        /** The verifier could not make the run (its worker did not start, a file could not be read): nothing may be attested. */
        INCONCLUSIVE
    }

    public static final int MISMATCHES_REPORTED = 100;

    static VerificationResult failed(String reason, ModelInspection inspection, long millis) {
        return new VerificationResult(Status.FAILED, reason, 0, 0, List.of(), -1, 0, null, inspection, millis);
    }

    static VerificationResult inconclusive(String reason, ModelInspection inspection, long millis) {
        return new VerificationResult(Status.INCONCLUSIVE, reason, 0, 0, List.of(), -1, 0, null, inspection, millis);
    }

    /** Whether the run was made: only then may a verifier attest its outcome. */
    public boolean conclusive() {
        return status != Status.INCONCLUSIVE;
    }

    public boolean reproduced() {
        return status == Status.REPRODUCED;
    }

    /**
     * Why a trainer's model cannot be committed: it failed, or its own predictions differ from
     * {@code comparedWith} (what the trainer uploaded), with the first differing rows.
     */
    public String whyNotReproduced(String comparedWith) {
        if (status == Status.FAILED) {
            return "the model cannot be verified: " + failure;
        }
        return "the model's own predictions differ from " + comparedWith + " on " + (rows - rowsMatched) + " rows (first: "
                + mismatchingRows.subList(0, Math.min(5, mismatchingRows.size())) + "); a reveal would not verify";
    }
}
