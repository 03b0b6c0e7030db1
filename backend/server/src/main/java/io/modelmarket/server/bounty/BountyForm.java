package io.modelmarket.server.bounty;

import io.modelmarket.protocol.Wei;

/**
 * The requester's choices for a new bounty (everything but the CSV).
 *
 * @param reward and {@code trainerStake}: in wei (ModelCoin has 18 decimals), as decimal strings
 * @param submissionDeadline unix seconds
 * @param verifier the verifier's address, or absent for none
 */
public record BountyForm(
        String requester,
        String title,
        String description,
        String license,
        String provenance,
        String labelColumn,
        Double testFraction,
        Boolean stratified,
        Wei reward,
        Wei trainerStake,
        Long submissionDeadline,
        Long responseWindow,
        Integer maxSubmissions,
        String verifier) {

    /** Checks what the contract and the split would otherwise reject later, with the field's name. */
    void validate() {
        require(requester != null && requester.matches("0x[0-9a-fA-F]{40}"), "requester must be an address (0x and 40 hex digits)");
        require(verifier == null || verifier.isBlank() || verifier.matches("0x[0-9a-fA-F]{40}"), "verifier must be an address or empty");
        require(title != null && !title.isBlank(), "title is required");
        require(reward != null && !reward.isZero(), "reward must be a positive amount in wei");
        require(trainerStake != null, "trainerStake is required: zero or more wei");
        require(submissionDeadline != null && submissionDeadline > 0, "submissionDeadline (unix seconds) is required");
        require(responseWindow != null && responseWindow > 0, "responseWindow (seconds) is required");
        require(maxSubmissions != null && maxSubmissions > 0, "maxSubmissions must be positive");
        require(testFraction == null || (testFraction > 0 && testFraction < 1), "testFraction must be between 0 and 1");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
