package io.modelmarket.audit;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verify.VerificationResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jcajce.provider.digest.Keccak;

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

    /** {@code groundTruth.labels}: as many labels as test rows, each a class, hashed as {@code reveal} records. */
    static Check labels(byte[] labels, int testSize, int numClasses, MarketEvent reveal) {
        List<String> problems = new ArrayList<>();
        if (labels.length != testSize) {
            problems.add(labels.length + " labels for " + testSize + " test rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) >= numClasses) {
                problems.add("label " + i + " is " + (labels[i] & 0xff) + ", not below " + numClasses);
                break;
            }
        }
        String labelsHash = Hex.encode(new Keccak.Digest256().digest(labels));
        if (!labelsHash.equalsIgnoreCase(reveal.text("labelsHash"))) {
            problems.add("keccak256(labels) is " + labelsHash + ", the event says " + reveal.text("labelsHash"));
        }
        return Check.of("groundTruth.labels", problems.isEmpty(), labels.length + " labels, all in range, hash as recorded",
                String.join("; ", problems));
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
            return Check.fail(name, outcome + "; the verifier attested reproduced=" + attestation.text("reproduced"));
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

    /**
     * {@code escrow.bounty} and {@code money.invariant}: {@code deposits} (reward and stakes) less every credit
     * is the escrow the contract holds, and the market holds at least every escrow plus every credit (more when
     * anyone sent tokens to it directly, which the report names as a surplus).
     */
    static List<Check> money(BountyHistory history, BigInteger deposits) {
        BigInteger credited = history.all("Credited").stream().map(e -> e.number("amount")).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger left = deposits.subtract(credited);
        Check escrow = Check.of("escrow.bounty", left.equals(history.escrow()),
                "deposits " + deposits + " less credits " + credited + " equal the escrow the contract holds",
                "deposits " + deposits + " less credits " + credited + " are " + left + ", the contract holds " + history.escrow());
        BountyHistory.MarketMoney money = history.money();
        BigInteger owed = money.totalEscrow().add(money.totalCredits());
        BigInteger surplus = money.tokenBalance().subtract(owed);
        Check invariant = Check.of("money.invariant", surplus.signum() >= 0,
                "the market holds " + money.tokenBalance() + ", at least the " + owed + " it owes (escrow of " + money.bounties() + " bounties + credits of "
                        + money.accounts() + " accounts)" + (surplus.signum() > 0 ? "; the surplus of " + surplus
                        + " was sent to it directly, outside any bounty" : ""),
                "the market holds " + money.tokenBalance() + " but owes " + owed + " (escrow " + money.totalEscrow() + ", credits "
                        + money.totalCredits() + "): " + surplus.negate() + " missing");
        return List.of(escrow, invariant);
    }

    /** Adds {@code amount} to what {@code account} is credited; zero amounts leave no entry (the contract credits none). */
    static void credit(Map<String, BigInteger> credits, String account, BigInteger amount) {
        if (amount.signum() != 0) {
            credits.merge(account, amount, BigInteger::add);
        }
    }

    /**
     * {@code payouts.credits}: the credits the payout rules give ({@code expected}) are the ones recorded
     * ({@code actual}), and the replay found no other {@code problems}; {@code phase} is where the bounty stands.
     */
    static Check credits(Map<String, BigInteger> expected, Map<String, BigInteger> actual, List<String> problems, String phase) {
        List<String> all = new ArrayList<>(problems);
        if (!expected.equals(actual)) {
            all.add("credits by the rules " + expected + ", credited " + actual);
        }
        return Check.of("payouts.credits", all.isEmpty(),
                "every credit follows the payout rules (" + actual.size() + " accounts credited, phase " + phase + ")", String.join("; ", all));
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
