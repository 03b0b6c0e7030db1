package io.modelmarket.audit;

import io.modelmarket.verify.VerificationResult;

/** What a replay learns of one trainer in either protocol; each auditor adds what only its protocol has. */
class ReplayedTrainer {
    final String address;
    int sequence;
    String predictionsCommitment;
    Integer claimed;
    VerificationResult rerun;

    ReplayedTrainer(String address) {
        this.address = address;
    }

    AuditReport.Standing standing() {
        return new AuditReport.Standing(address, sequence, claimed, rerun == null ? null : rerun.correct(), rerun == null ? null : rerun.reproduced());
    }
}
