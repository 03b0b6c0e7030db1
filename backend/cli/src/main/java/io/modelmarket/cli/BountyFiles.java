package io.modelmarket.cli;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.bounty.SealedTestInputs;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounty's files as the command line fetches them: the participant library's {@link BountyRecord} (read from
 * the bounty's events), {@link ContentFetcher} (every file checked against its CID) with a progress line, and
 * {@link SealedTestInputs}; and the names the files get in a folder.
 */
record BountyFiles(BountyRecord bounty) {
    static final String TRAINING_FILE = "training.csv";
    static final String METADATA_FILE = "metadata.json";
    static final String TEST_INPUTS_FILE = "test-inputs.csv";

    static BountyFiles of(Bytes32 bountyId, List<MarketEvent> events) {
        return new BountyFiles(BountyRecord.of(bountyId, events));
    }

    /** The sealing key, once released; null before. */
    Bytes32 sealingKey() {
        return bounty.sealingKey();
    }

    byte[] requireLabels() {
        return bounty.requireLabels();
    }

    /** The bounty's metadata, read from the store by its CID (the read checked against the CID). */
    BountyMetadata metadata(ContentStore store) throws IOException {
        return new ContentFetcher(store).metadata(bounty.metadataCid());
    }

    /**
     * Downloads what a trainer works from into {@code folder}: training data, metadata and, once the key is released,
     * the test inputs opened with it, in that order.
     */
    List<Path> fetch(ContentStore store, Path folder) throws IOException {
        Files.createDirectories(folder);
        ContentFetcher fetcher = fetcher(store);
        List<Path> files = new ArrayList<>(List.of(
                fetcher.fetch(bounty.trainingCid(), "training data", folder.resolve(TRAINING_FILE)),
                fetcher.fetch(bounty.metadataCid(), "metadata", folder.resolve(METADATA_FILE))));
        if (sealingKey() != null) {
            BountyMetadata metadata;
            try (InputStream json = Files.newInputStream(folder.resolve(METADATA_FILE))) {
                metadata = BountyMetadata.parse(json);
            }
            files.add(SealedTestInputs.open(fetcher, bounty, metadata, folder.resolve(TEST_INPUTS_FILE)));
        }
        return files;
    }

    /** The test inputs in the clear at {@code target}, opened and checked ({@link SealedTestInputs#open}). */
    Path openTestInputs(ContentStore store, BountyMetadata metadata, Path target) throws IOException {
        return SealedTestInputs.open(fetcher(store), bounty, metadata, target);
    }

    /** Copies the file stored under {@code cid} ({@code label}) to {@code target}, checked, with a progress line. */
    static Path download(ContentStore store, Cid cid, String label, Path target) throws IOException {
        return fetcher(store).fetch(cid, label, target);
    }

    private static ContentFetcher fetcher(ContentStore store) {
        return new ContentFetcher(store, ContentFetcher.DEFAULT_MAX_BYTES, Progress.downloads());
    }
}
