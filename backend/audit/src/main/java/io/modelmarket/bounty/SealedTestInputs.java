package io.modelmarket.bounty;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.TestInputsSeal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounty's test inputs, opened: the sealed file fetched by its CID (checked), opened with the released key (the
 * seal's tag checks every byte, {@link TestInputsSeal}) and checked against the metadata: its header names the
 * metadata's features, in order, it has {@code testSize} rows, and a numeric feature's cells are numbers or missing.
 * What any party that runs models on them does.
 */
public final class SealedTestInputs {
    private SealedTestInputs() {}

    /**
     * Opens the test inputs of {@code bounty} into {@code target}; the sealed file is kept beside it only while it
     * is opened.
     *
     * @throws IllegalStateException before the key's release
     * @throws FetchException when the store does not give the sealed file
     * @throws io.modelmarket.seal.SealBrokenException when the released key does not open it
     * @throws TestInputsMismatchException when the opened file is not what the metadata describes
     */
    public static Path open(ContentFetcher fetcher, BountyRecord bounty, BountyMetadata metadata, Path target) throws IOException {
        Bytes32 key = bounty.sealingKey();
        if (key == null) {
            throw new IllegalStateException("the test inputs of bounty " + bounty.id().toHex()
                    + " are sealed until the requester releases the key (after the model deadline)");
        }
        return open(fetcher, bounty.id(), key, bounty.sealedTestInputsCid(), metadata, target);
    }

    /**
     * Opens the test inputs of the bounty {@code bountyId}, sealed under {@code sealedCid}, with the released
     * {@code key} into {@code target}: for a reader that knows the bounty from elsewhere than its events (an index).
     *
     * @throws FetchException when the store does not give the sealed file
     * @throws io.modelmarket.seal.SealBrokenException when {@code key} does not open it
     * @throws TestInputsMismatchException when the opened file is not what the metadata describes
     */
    public static Path open(ContentFetcher fetcher, Bytes32 bountyId, Bytes32 key, Cid sealedCid, BountyMetadata metadata, Path target)
            throws IOException {
        Path sealed = fetcher.fetch(sealedCid, "sealed test inputs", target.resolveSibling(target.getFileName() + ".sealed"));
        try {
            TestInputsSeal.unseal(bountyId, key, sealed, target);
        } finally {
            Files.deleteIfExists(sealed);
        }
        List<String> problems = problems(target, metadata);
        if (!problems.isEmpty()) {
            throw new TestInputsMismatchException(String.join("; ", problems));
        }
        return target;
    }

    /**
     * What is wrong with the opened test inputs at {@code opened} against {@code metadata}: columns other than its
     * features, a row count other than its {@code testSize}, or a file that does not read as CSV; empty when nothing.
     */
    public static List<String> problems(Path opened, BountyMetadata metadata) {
        List<String> features = metadata.features().stream().map(BountyMetadata.Feature::name).toList();
        List<String> problems = new ArrayList<>();
        try (InputStream in = Files.newInputStream(opened); CsvReader reader = new CsvReader(in, "test inputs")) {
            if (!reader.header().equals(features)) {
                problems.add("the opened test inputs have the columns " + reader.header() + ", but the metadata names " + features);
            }
            long rows = 0;
            String badCell = null;
            for (String[] row; (row = reader.next()) != null; rows++) {
                badCell = badCell != null ? badCell : notAValue(row, rows, metadata.features());
            }
            if (badCell != null) {
                problems.add(badCell);
            }
            if (rows != metadata.testSize()) {
                problems.add("the opened test inputs have " + rows + " rows, but the metadata says " + metadata.testSize());
            }
        } catch (IOException | RuntimeException e) {
            problems.add("the opened test inputs do not read as CSV: " + e.getMessage());
        }
        return problems;
    }

    /**
     * The first cell of {@code row} (row {@code index} of the test inputs, from 0) that is no value of its feature, in
     * words, or {@code null}: text in a column the metadata types {@code float32} would make every model's run fail by the
     * requester's doing.
     */
    private static String notAValue(String[] row, long index, List<BountyMetadata.Feature> features) {
        for (int column = 0; column < Math.min(row.length, features.size()); column++) {
            if (!features.get(column).accepts(row[column])) {
                return "row " + index + " of the opened test inputs holds '" + row[column] + "' in column '" + features.get(column).name()
                        + "', which the metadata types float32: not a number";
            }
        }
        return null;
    }

    /** Opened test inputs that are not what the metadata describes: the requester's doing. */
    public static final class TestInputsMismatchException extends IOException {
        TestInputsMismatchException(String message) {
            super(message);
        }
    }
}
