package io.modelmarket.cli;

import java.util.List;

/** The names of {@code BountyMarket.Phase} and {@code BountyMarket.SubmissionStatus}, by ordinal. */
final class Phases {
    static final List<String> PHASES = List.of("None", "Open", "AwaitingGroundTruth", "Claiming", "CandidateReveal", "Verifying",
            "Completed", "Cancelled", "RequesterSlashed", "Refunded");
    static final List<String> STATUSES = List.of("None", "Committed", "Withdrawn", "Claimed", "Slashed", "Won", "Settled");
    static final List<String> SLASH_REASONS = List.of("MissedReveal", "CountMismatch", "NotReproduced");

    private Phases() {}

    static String name(int phase) {
        return phase >= 0 && phase < PHASES.size() ? PHASES.get(phase) : "Unknown(" + phase + ")";
    }

    static String status(int status) {
        return status >= 0 && status < STATUSES.size() ? STATUSES.get(status) : "Unknown(" + status + ")";
    }

    /** Whether a bounty in {@code phase} has ended (nothing but settlement and withdrawals is left). */
    static boolean ended(String phase) {
        return PHASES.indexOf(phase) >= PHASES.indexOf("Completed");
    }
}
