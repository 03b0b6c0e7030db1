package io.modelmarket.verifier;

/**
 * One revealed candidate of a bounty in Verifying, as the contract ranks it ({@code rankedCandidates}) and its
 * {@code SubmissionRevealed} event opened it.
 *
 * @param trainer the trainer's address, lower case
 * @param score the revealed score the ranking orders by
 * @param modelCid the CID of the committed model, as revealed (not necessarily a CID: the round checks)
 * @param predictions the revealed predictions, one class index per byte
 */
public record Candidate(String trainer, long score, String modelCid, byte[] predictions) {
    public Candidate {
        trainer = trainer.toLowerCase();
    }
}
