package io.modelmarket.dataset;

import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.TestInputsSeal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data half of posting a bounty: split a labelled CSV into training data and unlabeled test inputs,
 * describe the split in the bounty metadata, seal the test inputs, and add and pin all three files in a content
 * store. The hidden test labels come back to the caller, who commits to them and keeps them for the reveal.
 */
public final class DatasetPublisher {
    /** What people read about a dataset: the title is required, the rest may be null. */
    public record Description(String title, String description, String license, String provenance) {}

    /** The published files' CIDs (the test inputs' is the sealed file's), the metadata and the split (with the hidden labels). */
    public record PublishedDataset(Cid trainingCid, Cid testInputsCid, Cid metadataCid, BountyMetadata metadata, SplitResult split) {}

    private final ContentStore store;

    public DatasetPublisher(ContentStore store) {
        this.store = store;
    }

    /**
     * Splits {@code csv} and publishes a bounty's files: the training data and the metadata in the clear,
     * the test inputs sealed under {@code sealingKey} for bounty {@code bountyId} ({@link TestInputsSeal}), so
     * {@code testInputsCid} names the sealed file. The metadata describes the test inputs as they are once opened.
     */
    public PublishedDataset publish(Path csv, SplitOptions options, Description description, Bytes32 bountyId, Bytes32 sealingKey)
            throws IOException {
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-split-")) {
            Path training = work.resolve("training.csv");
            Path testInputs = work.resolve("test-inputs.csv");
            SplitResult split;
            try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
                split = DatasetSplitter.split(csv, options, trainingOut, testOut);
            }
            BountyMetadata metadata = BountyMetadata.forSplit(description.title(), description.description(), description.license(),
                    description.provenance(), options.labelColumn(), options, split);
            return new PublishedDataset(add(Files.newInputStream(training)),
                    add(TestInputsSeal.seal(bountyId, sealingKey, Files.newInputStream(testInputs))),
                    add(new ByteArrayInputStream(metadata.toJson())), metadata, split);
        }
    }

    private Cid add(InputStream content) throws IOException {
        try (content) {
            return store.addAndPin(content);
        }
    }
}
