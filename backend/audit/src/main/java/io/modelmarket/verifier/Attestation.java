package io.modelmarket.verifier;

import io.modelmarket.ipfs.Cid;
import java.util.List;

/**
 * One {@code attestVerification(bountyId, rejected, acceptBest, reportCid)} of a {@link VerificationRound}: the
 * candidates it judged since its last one, best first, every one rejected but possibly the last, which is
 * accepted when {@code acceptBest}. The report under {@code reportCid} ({@link AttestationReport}) is already
 * published when the attestation is handed to be sent.
 */
public record Attestation(String bountyId, List<Judgement> judged, boolean acceptBest, Cid reportCid) {
    public Attestation {
        judged = List.copyOf(judged);
    }

    /** The rejected trainers, best first, as {@code attestVerification} takes them. */
    public List<String> rejected() {
        return judged.stream().filter(j -> j.verdict() == Judgement.Verdict.REJECTED).map(Judgement::trainer).toList();
    }

    /** The best candidate this attestation judges: the ranking's head when it is sent. */
    public String firstTrainer() {
        return judged.get(0).trainer();
    }

    /** The accepted judgement, when {@code acceptBest}. */
    public Judgement accepted() {
        return acceptBest ? judged.get(judged.size() - 1) : null;
    }

    /** What the transaction does, in a few words: {@code attestVerification 2 rejected, 1 accepted}. */
    public String summary() {
        return "attestVerification " + rejected().size() + " rejected" + (acceptBest ? ", 1 accepted" : "");
    }
}
