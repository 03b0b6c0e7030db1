package io.modelmarket.audit;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Hex;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * The audit's checks of the revealed ground truth: {@code groundTruth.commitment} (the labels and salt open the
 * commitment made at creation) and {@code groundTruth.labels} (one class per test row, hashed as recorded).
 */
final class GroundTruthChecks {
    private GroundTruthChecks() {}

    /** groundTruth.commitment and groundTruth.labels; returns the revealed labels (null before the reveal). */
    static byte[] check(BountyRecord bounty, List<Check> checks) {
        MarketEvent reveal = bounty.first("GroundTruthRevealed").orElse(null);
        if (reveal == null) {
            return null;
        }
        byte[] labels = bounty.labels();
        Bytes32 commitment = Commitments.groundTruth(bounty.id(), labels, bounty.labelsSalt());
        String committed = bounty.text("groundTruthCommitment");
        checks.add(Check.of("groundTruth.commitment", commitment.toHex().equalsIgnoreCase(committed),
                "the revealed labels and salt open the commitment made at creation",
                "sha256(tag, bountyId, labels, salt) is " + commitment.toHex() + ", the commitment is " + committed));
        checks.add(labels(labels, bounty.testSize(), bounty.numClasses(), reveal));
        return labels;
    }

    /**
     * {@code groundTruth.labels}: as many labels as test rows, each a class (a regression bounty's, {@code numClasses} 0: 4-byte
     * fixed-point targets, any value), hashed as {@code reveal} records.
     */
    static Check labels(byte[] labels, int testSize, int numClasses, MarketEvent reveal) {
        List<String> problems = new ArrayList<>();
        int itemBytes = numClasses == 0 ? FixedPoint.BYTES : 1;
        if (labels.length != (long) testSize * itemBytes) {
            problems.add(labels.length + (itemBytes == 1 ? " labels" : " bytes of labels (4 per target)") + " for " + testSize + " test rows");
        }
        for (int i = 0; i < labels.length && numClasses > 0; i++) {
            if ((labels[i] & 0xff) >= numClasses) {
                problems.add("label " + i + " is " + (labels[i] & 0xff) + ", not below " + numClasses);
                break;
            }
        }
        String labelsHash = Hex.encode(new Keccak.Digest256().digest(labels));
        if (!labelsHash.equalsIgnoreCase(reveal.text("labelsHash"))) {
            problems.add("keccak256(labels) is " + labelsHash + ", the event says " + reveal.text("labelsHash"));
        }
        return Check.of("groundTruth.labels", problems.isEmpty(), labels.length / itemBytes + " labels, all in range, hash as recorded",
                String.join("; ", problems));
    }
}
