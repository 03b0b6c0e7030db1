package io.modelmarket.verifier;

import io.modelmarket.verify.VerificationResult;

/**
 * One candidate judged by a {@link VerificationRound}.
 *
 * @param verdict what the verifier may attest about it
 * @param result the run of its model (its {@code failure} says why a run failed or could not be made)
 * @param explanation the verdict in one sentence, for the report, the bounty page and the command line
 * @param model the model's bytes when they were fetched, else {@code null}
 */
public record Judgement(Candidate candidate, Verdict verdict, VerificationResult result, String explanation, byte[] model) {

    public enum Verdict {
        /** The verifier's own re-run reproduced the revealed predictions: the candidate may be accepted. */
        ACCEPTED,
        /**
         * The verifier's own re-run completed and differs, the model broke a documented limit, or the store that
         * served the bounty's other files does not have it: the candidate may be rejected.
         */
        REJECTED,
        /** The verifier could not make the run: nothing may be attested about this candidate or any after it. */
        INCONCLUSIVE
    }

    public String trainer() {
        return candidate.trainer();
    }
}
