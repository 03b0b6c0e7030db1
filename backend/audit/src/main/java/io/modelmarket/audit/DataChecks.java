package io.modelmarket.audit;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.bounty.FetchException;
import io.modelmarket.bounty.SealedTestInputs;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.SplitReplay;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.seal.TestInputsSeal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The audit's checks of the bounty's data: {@code data.files} (the three published files by CID),
 * {@code data.consistent} (the metadata against the terms on chain), {@code data.sealedInputs} (the released key
 * against its commitment, the sealed test inputs opening under it into what the metadata describes) and
 * {@code data.split} (the opened test rows are the ones the revealed salt draws).
 */
final class DataChecks {
    /** The public files, fetched into the audit's folder: null where one could not be (data.files says why). */
    record Published(Path training, Path sealedTestInputs, BountyMetadata metadata) {}

    private final ContentFetcher fetcher;

    DataChecks(ContentFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** data.files and data.consistent: the three files by CID, and the metadata against the terms on chain. */
    Published fetchFiles(BountyRecord bounty, Path work, List<Check> checks) {
        List<String> problems = new ArrayList<>();
        Path training = fetch(bounty, "trainingCid", "training data", work.resolve("training.csv"), problems);
        Path sealed = fetch(bounty, "sealedTestInputsCid", "sealed test inputs", work.resolve("test-inputs.sealed"), problems);
        Path metadataFile = fetch(bounty, "metadataCid", "metadata", work.resolve("metadata.json"), problems);
        BountyMetadata metadata = null;
        if (metadataFile != null) {
            try (InputStream in = Files.newInputStream(metadataFile)) {
                metadata = BountyMetadata.parse(in);
            } catch (IOException | RuntimeException e) {
                problems.add("metadata " + AuditChecks.shown(bounty.text("metadataCid")) + ": " + e.getMessage());
            }
        }
        checks.add(Check.of("data.files", problems.isEmpty(), "training data, sealed test inputs and metadata are available and match their CIDs",
                String.join("; ", problems)));
        if (metadata != null) {
            List<String> mismatches = new ArrayList<>();
            if (metadata.testSize() != bounty.testSize()) {
                mismatches.add("the metadata says testSize " + metadata.testSize() + ", the bounty " + bounty.testSize());
            }
            if (metadata.classCount() != bounty.numClasses()) {
                mismatches.add("the metadata lists " + metadata.classCount() + " classes, the bounty says numClasses " + bounty.numClasses());
            }
            checks.add(Check.of("data.consistent", mismatches.isEmpty(), "the metadata has testSize " + bounty.testSize() + " and "
                    + bounty.numClasses() + " classes, as on chain", String.join("; ", mismatches)));
        }
        return new Published(training, sealed, metadata);
    }

    /** The file whose CID is the terms' {@code field}, fetched to {@code target}; null, with a problem, when it cannot be. */
    private Path fetch(BountyRecord bounty, String field, String what, Path target, List<String> problems) {
        return fetch(() -> bounty.cid(field, what), bounty.text(field), what, target, problems);
    }

    /**
     * Copies the content of {@code cid} ({@code text} as the chain holds it, parsed; or why it does not parse) to {@code target}, checked against the CID
     * itself; returns null, with a problem naming {@code what}, when that fails.
     */
    Path fetch(Supplier<Cid> cid, String text, String what, Path target, List<String> problems) {
        try {
            return fetcher.fetch(cid.get(), what, target);
        } catch (FetchException e) {
            problems.add(what + " " + AuditChecks.shown(text) + ": " + e.reason());
        } catch (IOException | RuntimeException e) {
            problems.add(what + " " + AuditChecks.shown(text) + ": " + e.getMessage());
        }
        return null;
    }

    /**
     * data.sealedInputs: the released key opens the sealing-key commitment, and the sealed test inputs under it
     * into the rows and feature columns the metadata describes. Returns the opened file, or null.
     */
    static Path checkSealedInputs(BountyRecord bounty, Published files, Path opened, List<Check> checks) {
        String name = "data.sealedInputs";
        Bytes32 key = bounty.sealingKey();
        if (key == null) {
            checks.add(Check.pass(name, "the key was never released: nobody could open the test inputs"));
            return null;
        }
        if (!bounty.opensSealingKeyCommitment(key)) {
            checks.add(Check.fail(name, "sha256(tag, bountyId, released key) is " + Commitments.sealingKey(bounty.id(), key).toHex()
                    + ", the commitment made at creation is " + bounty.text("sealingKeyCommitment")));
            return null;
        }
        if (files.sealedTestInputs() == null || files.metadata() == null) {
            checks.add(Check.fail(name, "the sealed test inputs cannot be checked without the sealed file and the metadata (see data.files)"));
            return null;
        }
        try {
            TestInputsSeal.unseal(bounty.id(), key, files.sealedTestInputs(), opened);
        } catch (IOException e) {
            checks.add(Check.fail(name, "the released key opens its commitment but not the sealed test inputs "
                    + AuditChecks.shown(bounty.text("sealedTestInputsCid")) + ": " + e.getMessage()));
            return null;
        }
        List<String> problems = SealedTestInputs.problems(opened, files.metadata());
        checks.add(Check.of(name, problems.isEmpty(), "the released key opens its commitment and the sealed test inputs, into "
                + files.metadata().testSize() + " rows of the metadata's " + files.metadata().features().size() + " feature columns",
                String.join("; ", problems)));
        return problems.isEmpty() ? opened : null;
    }

    /** data.split: after the reveal, the opened test rows are the ones the revealed salt draws, in its order. */
    static void checkSplit(BountyRecord bounty, Published files, Path testInputs, byte[] labels, List<Check> checks) {
        if (labels == null) {
            return;
        }
        if (testInputs == null || files.training() == null) {
            checks.add(Check.fail("data.split", "the split cannot be replayed without the training data and the opened test inputs"));
            return;
        }
        try {
            SplitReplay.Outcome outcome = SplitReplay.replay(files.training(), testInputs, files.metadata(), labels, bounty.labelsSalt());
            checks.add(Check.of("data.split", outcome.replays(), outcome.detail(), outcome.detail()));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail("data.split", "the split could not be replayed: " + e.getMessage()));
        }
    }
}
