package io.modelmarket.contracts;

import java.util.List;

/**
 * The member names of BountyMarket's enums, in declaration order: events, views and custom errors carry an
 * enum as its ordinal, and ABIs do not name the members. The one copy of these names on the Java side.
 */
public final class MarketEnums {
    /** {@code BountyMarket.Phase}. */
    public static final List<String> PHASES = List.of("None", "Open", "AwaitingGroundTruth", "Claiming", "CandidateReveal", "Verifying",
            "Completed", "Cancelled", "RequesterSlashed", "Refunded");
    /** {@code BountyMarket.SubmissionStatus}. */
    public static final List<String> SUBMISSION_STATUSES = List.of("None", "Committed", "Withdrawn", "Claimed", "Slashed", "Won", "Settled");
    /** {@code BountyMarket.SlashReason}. */
    public static final List<String> SLASH_REASONS = List.of("MissedReveal", "CountMismatch", "NotReproduced");

    private MarketEnums() {}

    public static String phase(int ordinal) {
        return name(PHASES, ordinal);
    }

    public static String submissionStatus(int ordinal) {
        return name(SUBMISSION_STATUSES, ordinal);
    }

    public static String slashReason(int ordinal) {
        return name(SLASH_REASONS, ordinal);
    }

    /** Whether a bounty in {@code phase} has ended: nothing is left but settling submissions and withdrawing. */
    public static boolean ended(String phase) {
        return PHASES.indexOf(phase) >= PHASES.indexOf("Completed");
    }

    private static String name(List<String> names, int ordinal) {
        return ordinal >= 0 && ordinal < names.size() ? names.get(ordinal) : "Unknown(" + ordinal + ")";
    }
}
