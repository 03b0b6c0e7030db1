package io.modelmarket.contracts;

import java.util.List;

/**
 * The member names of BountyMarket's enums ({@code IBountyMarketTypes}) in declaration order: events, views
 * and custom errors carry an enum as its ordinal, and ABIs do not name the members. The names come from
 * {@link ProtocolConstants}, generated from the compiled contract.
 */
public final class MarketEnums {
    /** {@code IBountyMarketTypes.Phase}. */
    public static final List<String> PHASES = ProtocolConstants.PHASES;
    /** {@code IBountyMarketTypes.SubmissionStatus}. */
    public static final List<String> SUBMISSION_STATUSES = ProtocolConstants.SUBMISSION_STATUSES;
    /** {@code IBountyMarketTypes.DisputeKind}. */
    public static final List<String> DISPUTE_KINDS = ProtocolConstants.DISPUTE_KINDS;
    /** {@code IBountyMarketTypes.SlashReason}. */
    public static final List<String> SLASH_REASONS = ProtocolConstants.SLASH_REASONS;
    /** {@code Scoring.Metric}. */
    public static final List<String> METRICS = ProtocolConstants.METRICS;

    private MarketEnums() {}

    public static String phase(int ordinal) {
        return name(PHASES, ordinal);
    }

    public static String submissionStatus(int ordinal) {
        return name(SUBMISSION_STATUSES, ordinal);
    }

    public static String disputeKind(int ordinal) {
        return name(DISPUTE_KINDS, ordinal);
    }

    public static String slashReason(int ordinal) {
        return name(SLASH_REASONS, ordinal);
    }

    public static String metric(int ordinal) {
        return name(METRICS, ordinal);
    }

    /** Whether a bounty in {@code phase} has ended: nothing is left but settling submissions and withdrawing. */
    public static boolean ended(String phase) {
        return PHASES.indexOf(phase) >= PHASES.indexOf("Completed");
    }

    private static String name(List<String> names, int ordinal) {
        return ordinal >= 0 && ordinal < names.size() ? names.get(ordinal) : "Unknown(" + ordinal + ")";
    }
}
