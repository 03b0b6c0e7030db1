package io.modelmarket.cli;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.seal.TestInputsSeal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounty's published facts, read from its events: the CIDs of its files, the sealing key once released and the
 * labels once revealed. The contract checks the form of every CID, but the CLI parses each before use all the
 * same, and refuses anything else.
 */
record BountyFiles(Bytes32 bountyId, String trainingCid, String sealedTestInputsCid, String metadataCid, Bytes32 sealingKey, byte[] labels) {
    static final String TRAINING_FILE = "training.csv";
    static final String METADATA_FILE = "metadata.json";
    static final String TEST_INPUTS_FILE = "test-inputs.csv";

    static BountyFiles of(Bytes32 bountyId, List<MarketEvent> events) {
        var params = events.stream().filter(e -> e.name().equals("BountyCreated")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no BountyCreated event for bounty " + bountyId.toHex()
                        + " (wrong market, or --from-block after its creation?)"))
                .fields().path("params");
        Bytes32 key = events.stream().filter(e -> e.name().equals("KeyReleased")).findFirst()
                .map(e -> Bytes32.fromHex(e.text("key"))).orElse(null);
        byte[] labels = events.stream().filter(e -> e.name().equals("GroundTruthRevealed")).findFirst()
                .map(e -> Hex.decode(e.text("labels"), "labels")).orElse(null);
        return new BountyFiles(bountyId, params.path("trainingCid").asText(), params.path("sealedTestInputsCid").asText(),
                params.path("metadataCid").asText(), key, labels);
    }

    /** The training data's CID, parsed: an error if the chain holds anything else. */
    @Override
    public String trainingCid() {
        return cid(trainingCid, "training data", bountyId);
    }

    /** The sealed test inputs' CID, parsed: an error if the chain holds anything else. */
    @Override
    public String sealedTestInputsCid() {
        return cid(sealedTestInputsCid, "sealed test inputs", bountyId);
    }

    /** The metadata's CID, parsed: an error if the chain holds anything else. */
    @Override
    public String metadataCid() {
        return cid(metadataCid, "metadata", bountyId);
    }

    /** {@code text} as a CID, or an error that names what the bounty's chain record holds instead. */
    static String cid(String text, String what, Bytes32 bountyId) {
        try {
            return Cid.parse(text).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bounty " + bountyId.toHex() + " names " + Cid.printable(text) + " as its " + what
                    + ", which is not a CID (base32 CIDv1 'b...' or CIDv0 'Qm...'); refusing to use it");
        }
    }

    /** {@code text} as a CID, or "invalid CID" and what it holds, for display. */
    static String display(String text) {
        try {
            return Cid.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return "invalid CID " + Cid.printable(text);
        }
    }

    /** The bounty's metadata, read from the store by its CID (the read checked against the CID). */
    BountyMetadata metadata(ContentStore store) throws IOException {
        try (InputStream json = store.cat(Cid.parse(metadataCid()))) {
            return BountyMetadata.parse(json);
        }
    }

    byte[] requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("the labels of bounty " + bountyId.toHex() + " are not revealed yet");
        }
        return labels;
    }

    /**
     * Downloads what a trainer works from into {@code folder}: training data, metadata and, once the key is released,
     * the test inputs opened with it, in that order.
     */
    List<Path> fetch(ContentStore store, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>(List.of(
                download(store, trainingCid(), "training data", folder.resolve(TRAINING_FILE)),
                download(store, metadataCid(), "metadata", folder.resolve(METADATA_FILE))));
        if (sealingKey != null) {
            BountyMetadata metadata;
            try (InputStream json = Files.newInputStream(folder.resolve(METADATA_FILE))) {
                metadata = BountyMetadata.parse(json);
            }
            files.add(openTestInputs(store, metadata, folder.resolve(TEST_INPUTS_FILE)));
        }
        return files;
    }

    /**
     * The test inputs in the clear at {@code target}: the sealed file is downloaded (checked against its CID), opened
     * with the released key (the seal's tag checks every byte), and checked against the metadata (its header names
     * the metadata's features, and it has {@code testSize} rows).
     */
    Path openTestInputs(ContentStore store, BountyMetadata metadata, Path target) throws IOException {
        if (sealingKey == null) {
            throw new IllegalStateException("the test inputs of bounty " + bountyId.toHex()
                    + " are sealed until the requester releases the key (after the model deadline)");
        }
        Path sealed = download(store, sealedTestInputsCid(), "sealed test inputs", target.resolveSibling(target.getFileName() + ".sealed"));
        try {
            TestInputsSeal.unseal(bountyId, sealingKey, sealed, target);
        } finally {
            Files.deleteIfExists(sealed);
        }
        checkAgainst(metadata, target);
        return target;
    }

    private static void checkAgainst(BountyMetadata metadata, Path testInputs) throws IOException {
        List<String> features = metadata.features().stream().map(BountyMetadata.Feature::name).toList();
        long rows = 0;
        try (CsvReader reader = new CsvReader(Files.newInputStream(testInputs), testInputs.getFileName().toString())) {
            if (!reader.header().equals(features)) {
                throw new IOException("the opened test inputs have the columns " + reader.header() + ", but the metadata names " + features);
            }
            while (reader.next() != null) {
                rows++;
            }
        }
        if (rows != metadata.testSize()) {
            throw new IOException("the opened test inputs have " + rows + " rows, but the metadata says " + metadata.testSize());
        }
    }

    /**
     * Copies the file stored under {@code cid} to {@code target}, with a progress bar. {@code target} appears only
     * once every byte has matched the CID; a failure names the file ({@code label}) and leaves nothing behind.
     */
    static Path download(ContentStore store, String cid, String label, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = Progress.transfer(label, store.cat(Cid.parse(cid)), -1)) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (ContentCorruptedException e) {
            throw new IOException(label + " (" + target.getFileName() + "): the store returned other bytes than " + cid
                    + " names, so nothing was written (" + e.getMessage() + ")", e);
        } catch (ContentNotFoundException e) {
            throw new IOException(label + " (" + target.getFileName() + "): the content store has no " + cid
                    + " (is --store or --ipfs the one the bounty was published to?)", e);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
