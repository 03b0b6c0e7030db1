package io.modelmarket.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.ipfs.BlockSink;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.seal.TestInputsSeal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The requester's files as the Java core makes them, for the browser's byte-equality test and scripts/bench-browser
 * (frontend/tests/secrets.test.ts): for each CSV, the training CSV, test inputs, labels, sealed test inputs,
 * metadata, their CIDs and the commitments into {@code OUT/<csv name>/}, with the seconds each step took; or,
 * for a CSV the split refuses, its error message in {@code error.txt}.
 *
 * <p>Arguments: {@code OUT BOUNTY_ID SALT SEALING_KEY TITLE}, then for each CSV {@code CSV LABEL_COLUMN TEST_FRACTION
 * STRATIFIED CLASSES_FROM_NUMBERS TARGET_DECIMALS}, the last {@code -} for classification or the decimals of a regression split's
 * targets.
 */
public final class RequesterFilesMain {
    private RequesterFilesMain() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Bytes32 bountyId = Bytes32.fromHex(args[1]);
        Bytes32 salt = Bytes32.fromHex(args[2]);
        Bytes32 key = Bytes32.fromHex(args[3]);
        DatasetPublisher.Description description = new DatasetPublisher.Description(args[4], null, null, null);
        for (int i = 5; i + 5 < args.length; i += 6) {
            Path input = Path.of(args[i]);
            double testFraction = Double.parseDouble(args[i + 2]);
            SplitOptions options = args[i + 5].equals("-")
                    ? new SplitOptions(args[i + 1], testFraction, salt, Boolean.parseBoolean(args[i + 3]), null, Boolean.parseBoolean(args[i + 4]))
                    : SplitOptions.regression(args[i + 1], testFraction, salt, Integer.parseInt(args[i + 5]));
            Path folder = Files.createDirectories(out.resolve(input.getFileName().toString()));
            try {
                write(input, folder, bountyId, options, key, description);
            } catch (DatasetException e) {
                Files.writeString(folder.resolve("error.txt"), e.getMessage());
            }
        }
    }

    private static void write(Path csv, Path folder, Bytes32 bountyId, SplitOptions options, Bytes32 key,
            DatasetPublisher.Description description) throws IOException {
        Path training = folder.resolve("training.csv");
        Path testInputs = folder.resolve("test-inputs.csv");
        Path sealed = folder.resolve("sealed-test-inputs.bin");
        Path metadataFile = folder.resolve("metadata.json");
        long start = System.nanoTime();
        SplitResult split;
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
            split = DatasetSplitter.split(csv, options, trainingOut, testOut);
        }
        BountyMetadata metadata = BountyMetadata.forSplit(description.title(), description.description(), description.license(),
                description.provenance(), options.labelColumn(), options, split);
        Files.write(metadataFile, metadata.toJson());
        Files.write(folder.resolve("labels.bin"), split.labels());
        long splitDone = System.nanoTime();
        try (InputStream sealing = TestInputsSeal.seal(bountyId, key, Files.newInputStream(testInputs))) {
            Files.copy(sealing, sealed);
        }
        long sealDone = System.nanoTime();
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("trainingCid", cid(training));
        result.put("sealedTestInputsCid", cid(sealed));
        result.put("metadataCid", cid(metadataFile));
        long cidDone = System.nanoTime();
        result.put("groundTruthCommitment", Commitments.groundTruth(bountyId, split.labels(), options.salt()).toHex());
        result.put("sealingKeyCommitment", Commitments.sealingKey(bountyId, key).toHex());
        result.put("splitSeconds", (splitDone - start) / 1e9);
        result.put("sealSeconds", (sealDone - splitDone) / 1e9);
        result.put("cidSeconds", (cidDone - sealDone) / 1e9);
        Files.writeString(folder.resolve("result.json"), result.toString());
    }

    private static String cid(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return UnixFsImporter.importStream(in, BlockSink.DISCARD).toString();
        }
    }
}
