package io.modelmarket.cli;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A bounty's published facts, read from its events: the CIDs of its files, and the labels once revealed. The
 * contract accepts any 1 to 128 bytes as a CID, so every CID accessor parses it first and refuses anything else.
 */
record BountyFiles(Bytes32 bountyId, String trainingCid, String testInputsCid, String metadataCid, byte[] labels) {
    static final String TRAINING_FILE = "training.csv";
    static final String METADATA_FILE = "metadata.json";
    static final String TEST_INPUTS_FILE = "test-inputs.csv";

    static BountyFiles of(Bytes32 bountyId, List<MarketEvent> events) {
        var created = events.stream().filter(e -> e.name().equals("BountyCreated")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no BountyCreated event for bounty " + bountyId.toHex()
                        + " (wrong market, or --from-block after its creation?)"));
        byte[] labels = events.stream().filter(e -> e.name().equals("GroundTruthRevealed")).findFirst()
                .map(e -> Hex.decode(e.text("labels"), "labels")).orElse(null);
        return new BountyFiles(bountyId, created.text("trainingCid"), created.text("testInputsCid"), created.text("metadataCid"), labels);
    }

    /** The training data's CID, parsed: an error if the chain holds anything else. */
    @Override
    public String trainingCid() {
        return cid(trainingCid, "training data", bountyId);
    }

    /** The test inputs' CID, parsed: an error if the chain holds anything else. */
    @Override
    public String testInputsCid() {
        return cid(testInputsCid, "test inputs", bountyId);
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

    byte[] requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("the labels of bounty " + bountyId.toHex() + " are not revealed yet");
        }
        return labels;
    }

    /** Downloads what a trainer works from into {@code folder}: training data, metadata and test inputs, in that order. */
    List<Path> fetch(ContentStore store, Path folder) throws IOException {
        Files.createDirectories(folder);
        return List.of(
                download(store, trainingCid, "training data", folder.resolve(TRAINING_FILE)),
                download(store, metadataCid, "metadata", folder.resolve(METADATA_FILE)),
                fetchTestInputs(store, folder));
    }

    /**
     * The test inputs, in the clear. v1 publishes them so; the one step that changes for v2 is here: download the
     * sealed file, then open it with the released key (TestInputsSeal.unseal).
     */
    private Path fetchTestInputs(ContentStore store, Path folder) throws IOException {
        return download(store, testInputsCid, "test inputs", folder.resolve(TEST_INPUTS_FILE));
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
