package io.modelmarket.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.modelmarket.protocol.FixedPoint;
import java.util.List;
import java.util.Locale;

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
 * @param firstMismatch the first row where the re-run differs from the revealed predictions, or {@code null}
 * @param tolerance how far a re-run prediction may lie from the revealed one and still match: 0 for classes, {@link
 *     FixedPoint#REPRODUCTION_TOLERANCE} units for a regression bounty's fixed-point predictions
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
        long inferenceMillis,
        Mismatch firstMismatch,
        int tolerance) {

    public enum Status {
        REPRODUCED,
        NOT_REPRODUCED,
        /** The model was refused or broke a documented limit (memory, time, output shape, classes): it may be rejected. */
        FAILED,
        /** The verifier could not make the run (its worker did not start, a file could not be read): nothing may be attested. */
        INCONCLUSIVE
    }

    /** A row where the re-run's class or fixed-point value ({@code rerun}) is not the revealed one ({@code revealed}). */
    public record Mismatch(int row, int rerun, int revealed) {}

    public static final int MISMATCHES_REPORTED = 100;

    /** What a verifier that is not told the first mismatch's classes reports (its fields as before they were added). */
    public VerificationResult(Status status, String failure, int rows, int rowsMatched, List<Integer> mismatchingRows, int correct,
            double threshold, int[][] confusion, ModelInspection inspection, long inferenceMillis) {
        this(status, failure, rows, rowsMatched, mismatchingRows, correct, threshold, confusion, inspection, inferenceMillis, null);
    }

    /** A classification result: predictions match exactly. */
    public VerificationResult(Status status, String failure, int rows, int rowsMatched, List<Integer> mismatchingRows, int correct,
            double threshold, int[][] confusion, ModelInspection inspection, long inferenceMillis, Mismatch firstMismatch) {
        this(status, failure, rows, rowsMatched, mismatchingRows, correct, threshold, confusion, inspection, inferenceMillis, firstMismatch, 0);
    }

    static VerificationResult failed(String reason, ModelInspection inspection, long millis) {
        return new VerificationResult(Status.FAILED, reason, 0, 0, List.of(), -1, 0, null, inspection, millis);
    }

    /** A run the verifier could not make; {@code why} completes "the verifier could not run the model: …". */
    static VerificationResult inconclusive(String why, ModelInspection inspection, long millis) {
        return new VerificationResult(Status.INCONCLUSIVE, "the verifier could not run the model: " + why, 0, 0, List.of(), -1, 0, null,
                inspection, millis);
    }

    /** Whether the run was made: only then may a verifier attest its outcome. */
    public boolean conclusive() {
        return status != Status.INCONCLUSIVE;
    }

    public boolean reproduced() {
        return status == Status.REPRODUCED;
    }

    /**
     * The outcome in one sentence for people (the server's report, the bounty page, the CLI, the audit), e.g.
     * "its re-run differs from the revealed predictions on 12 of 400 rows (first: row 17, class 3 re-run vs 5
     * revealed)", "the model needed more than the sandbox's 4096 MiB memory limit", or "the verifier could not run
     * the model: …".
     */
    @JsonProperty("explanation")
    public String explanation() {
        return switch (status) {
            case REPRODUCED -> rowsMatched == rows ? "its re-run reproduces all " + rows + " revealed predictions" + within()
                    : String.format(Locale.ROOT, "its re-run matches %d of %d revealed predictions%s, at least the %.1f%% required", rowsMatched, rows,
                            within(), 100 * threshold);
            case NOT_REPRODUCED -> "its re-run differs from the revealed predictions" + (tolerance > 0 ? " by more than " + units() : "") + " on "
                    + (rows - rowsMatched) + " of " + rows + " rows"
                    + (firstMismatch == null ? "" : " (first: row " + firstMismatch.row() + ", " + (tolerance > 0 ? "" : "class ")
                            + firstMismatch.rerun() + " re-run vs " + firstMismatch.revealed() + " revealed)");
            case FAILED -> failure.startsWith("refused: ") ? "the model was refused before it ran: " + failure.substring("refused: ".length())
                    : failure.startsWith("failed: the model ") ? failure.substring("failed: ".length())
                    : failure.startsWith("failed: ") ? "the model failed in the sandbox: " + failure.substring("failed: ".length())
                    : failure;
            case INCONCLUSIVE -> failure;
        };
    }

    private String within() {
        return tolerance > 0 ? " within " + units() : "";
    }

    private String units() {
        return tolerance + (tolerance == 1 ? " unit" : " units") + " plus 1/65,536 of the revealed value";
    }

    /**
     * Why a trainer's model cannot be committed: it failed, or its own predictions differ from
     * {@code comparedWith} (what the trainer uploaded), with the first differing rows.
     */
    public String whyNotReproduced(String comparedWith) {
        if (status == Status.FAILED || status == Status.INCONCLUSIVE) {
            return "the model cannot be verified: " + failure;
        }
        return "the model's own predictions differ from " + comparedWith + " on " + (rows - rowsMatched) + " rows (first: "
                + mismatchingRows.subList(0, Math.min(5, mismatchingRows.size())) + "); a reveal would not verify";
    }
}
