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
        boolean made = rerun != null && rerun.conclusive();
        return new AuditReport.Standing(address, sequence, claimed, made && rerun.correct() >= 0 ? rerun.correct() : null,
                made ? rerun.reproduced() : null,
                rerun == null ? null : AuditChecks.rerunVerdict(rerun));
    }
}
