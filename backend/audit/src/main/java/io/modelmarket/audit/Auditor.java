package io.modelmarket.audit;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.SandboxedVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays one bounty (docs/protocol.md) from its events and its IPFS files and checks every step: the bounty id;
 * the published files against their CIDs (checked here again, whatever the store does) and the terms on chain; the
 * released key against its commitment, and the sealed test inputs opening under it into the test rows the metadata
 * describes ({@link DataChecks}); the labels against their commitment ({@link GroundTruthChecks}) and the split
 * against the revealed salt; every revealed model against the commitment made before the key's release, every
 * revealed prediction vector against its commitment and the labels, every revealed model re-run in the sandbox, and
 * the verifier's order ({@link RevealChecks}); every ruling of the arbitrator against what the market applied
 * ({@link DisputeChecks}); every credit against the payout rules, no burned stake going to a
 * party that could cause its burn, the bounty's escrow and the market's balance invariant ({@link PayoutChecks}).
 * It trusts the chain's events and the CIDs, nothing else.
 */
public final class Auditor {
    private final DataChecks data;
    private final RevealChecks reveals;

    public Auditor(ContentStore store, ModelLimits limits) {
        this(store, limits, SandboxGate.unlimited());
    }

    /** An auditor whose model re-runs pass through {@code gate} (shared with every other user of the sandbox). */
    public Auditor(ContentStore store, ModelLimits limits, SandboxGate gate) {
        this.data = new DataChecks(new ContentFetcher(store));
        this.reveals = new RevealChecks(data, new SandboxedVerifier(limits, gate));
    }

    public AuditReport audit(BountyHistory history) {
        BountyRecord bounty;
        try {
            bounty = history.record();
        } catch (IllegalArgumentException e) {
            return AuditReport.unknownBounty(history, "BountyCreated");
        }
        List<Check> checks = new ArrayList<>();
        checks.add(AuditChecks.bountyId(history, bounty.requester(), bounty.number("nonce")));
        Map<String, RevealChecks.Trainer> trainers;
        DataChecks.Published files;
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-audit-")) {
            files = data.fetchFiles(bounty, work.path(), checks);
            Path testInputs = DataChecks.checkSealedInputs(bounty, files, work.resolve("test-inputs.csv"), checks);
            byte[] labels = GroundTruthChecks.check(bounty, checks);
            DataChecks.checkSplit(bounty, files, testInputs, labels, checks);
            trainers = reveals.check(bounty, history, files.metadata(), testInputs, labels, work.path(), checks);
        } catch (IOException e) {
            throw new UncheckedIOException("the audit could not use a temporary folder", e);
        }
        RevealChecks.checkRanking(bounty, trainers, checks);
        DisputeChecks.rulings(history, bounty).ifPresent(checks::add);
        checks.add(PayoutChecks.credits(bounty));
        checks.add(PayoutChecks.noStakeToSlasher(bounty));
        checks.addAll(PayoutChecks.money(history, bounty));
        return AuditReport.of(history, checks, trainers.values(), files.metadata() == null || files.metadata().isRegression() ? List.of()
                : files.metadata().classes());
    }
}
