package io.modelmarket.audit;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.verify.VerificationResult;
import java.math.BigInteger;
import java.util.Optional;

/** The checks of {@link Auditor} that need nothing of its replay but the history and what they are given. */
final class AuditChecks {
    private AuditChecks() {}

    /** {@code bounty.id}: the id is {@code keccak256(abi.encode(chainId, market, requester, nonce))}. */
    static Check bountyId(BountyHistory history, String requester, BigInteger nonce) {
        Bytes32 computed = Commitments.bountyId(BigInteger.valueOf(history.chainId()), EthAddress.fromHex(history.market()),
                EthAddress.fromHex(requester), nonce);
        return Check.of("bounty.id", computed.toHex().equalsIgnoreCase(history.bountyId()),
                "keccak256(chainId, market, requester, nonce " + nonce + ") is the bounty id",
                "keccak256(chainId, market, requester, nonce) is " + computed.toHex() + ", not " + history.bountyId());
    }

    /**
     * The audit's verdict on its own re-run of a model: {@code reproduced}, {@code not reproduced} (its predictions
     * differ, or the model broke one of the sandbox's limits: the model's doing), or {@code inconclusive} (the run
     * could not be made: nothing follows about the model).
     */
    static String rerunVerdict(VerificationResult result) {
        return !result.conclusive() ? "inconclusive" : result.reproduced() ? "reproduced" : "not reproduced";
    }

    /**
     * {@code model.reproduces[trainer]}: the audit's own re-run. It passes only where the re-run was made and agrees
     * with what the verifier attested (if it attested) and, for the winner, reproduces; a re-run that could not be
     * made is inconclusive, never agreement with anything.
     */
    static Check reproduction(BountyHistory history, String trainer, VerificationResult result) {
        String name = "model.reproduces[" + trainer + "]";
        boolean won = history.all("BountyCompleted").stream().anyMatch(e -> e.address("winner").equals(trainer));
        MarketEvent attestation = history.all("VerificationAttested").stream().filter(e -> e.address("trainer").equals(trainer))
                .findFirst().orElse(null);
        if (!result.conclusive()) {
            return Check.inconclusive(name, "inconclusive: " + audits(result.explanation()) + (attestation == null ? ""
                    : "; the verifier attested reproduced=" + attestation.text("reproduced") + ", which this audit can neither confirm nor refute"));
        }
        String outcome = rerunVerdict(result) + ": " + result.explanation();
        if (attestation != null && Boolean.parseBoolean(attestation.text("reproduced")) != result.reproduced()) {
            // A wrong attestation is harmless once a dispute overturned the decision it led to.
            Optional<MarketEvent> overturned = history.all("DisputeRuled").stream().filter(e -> Boolean.parseBoolean(e.text("overturned"))).findFirst();
            if (overturned.isEmpty()) {
                return Check.fail(name, outcome + "; the verifier attested reproduced=" + attestation.text("reproduced"));
            }
            outcome += "; the verifier attested reproduced=" + attestation.text("reproduced") + ", and dispute "
                    + overturned.get().number("disputeId") + " overturned its decision";
            attestation = null; // no agreement to name below
        }
        if (won) {
            return Check.of(name, result.reproduced(), "the winner's model is " + outcome, "the winner's model is " + outcome);
        }
        return Check.pass(name, outcome + (attestation != null ? ", as the verifier attested" : ""));
    }

    /** A re-run's explanation as the audit's: the sandbox's "the verifier could not run …" is the auditor's own run here. */
    private static String audits(String explanation) {
        return explanation.replaceFirst("^the verifier could not", "the audit could not");
    }

    /** A CID from the chain for a message: as it is when it parses, quoted and escaped when not. */
    static String shown(String cid) {
        try {
            return Cid.parse(cid).toString();
        } catch (IllegalArgumentException e) {
            return Cid.printable(cid);
        }
    }
}
