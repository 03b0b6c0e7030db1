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
     * {@code model.reproduces[trainer]}: what the re-run found; the winner's model must reproduce, and the
     * verifier's attestation, if any, must agree with the re-run.
     */
    static Check reproduction(BountyHistory history, String trainer, VerificationResult result) {
        String name = "model.reproduces[" + trainer + "]";
        String outcome = result.reproduced() ? "re-run: reproduces all " + result.rows() + " revealed predictions"
                : result.status() == VerificationResult.Status.FAILED ? "re-run failed: " + result.failure()
                : "re-run: " + (result.rows() - result.rowsMatched()) + " of " + result.rows() + " predictions differ (first rows "
                        + result.mismatchingRows().subList(0, Math.min(5, result.mismatchingRows().size())) + ")";
        boolean won = history.all("BountyCompleted").stream().anyMatch(e -> e.address("winner").equals(trainer));
        MarketEvent attestation = history.all("VerificationAttested").stream().filter(e -> e.address("trainer").equals(trainer))
                .findFirst().orElse(null);
        if (attestation != null && Boolean.parseBoolean(attestation.text("reproduced")) != result.reproduced()) {
            return Check.fail(name, outcome + "; the verifier attested reproduced=" + attestation.text("reproduced"));
        }
        if (won) {
            return Check.of(name, result.reproduced(), "the winner's model " + outcome, "the winner's model does not reproduce: " + outcome);
        }
        return Check.pass(name, outcome + (attestation != null ? ", as the verifier attested" : ""));
    }

    /**
     * {@code escrow.bounty} and {@code money.invariant}: {@code deposits} (reward and stakes) less every credit
     * is the escrow the contract holds, and the market holds exactly every escrow plus every credit.
     */
    static List<Check> money(BountyHistory history, BigInteger deposits) {
        BigInteger credited = history.all("Credited").stream().map(e -> e.number("amount")).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger left = deposits.subtract(credited);
        Check escrow = Check.of("escrow.bounty", left.equals(history.escrow()),
                "deposits " + deposits + " less credits " + credited + " equal the escrow the contract holds",
                "deposits " + deposits + " less credits " + credited + " are " + left + ", the contract holds " + history.escrow());
        BountyHistory.MarketMoney money = history.money();
        BigInteger owed = money.totalEscrow().add(money.totalCredits());
        Check invariant = Check.of("money.invariant", owed.equals(money.tokenBalance()),
                "the market holds " + money.tokenBalance() + " = escrow of " + money.bounties() + " bounties + credits of "
                        + money.accounts() + " accounts",
                "the market holds " + money.tokenBalance() + " but owes " + owed + " (escrow " + money.totalEscrow() + ", credits "
                        + money.totalCredits() + ")");
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
