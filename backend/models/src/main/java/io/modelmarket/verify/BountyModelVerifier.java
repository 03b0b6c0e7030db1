package io.modelmarket.verify;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a model on a bounty's test inputs as the protocol says a verifier does: the metadata and test inputs
 * come from the content store by their CIDs (every read checked against its CID), the model runs in the
 * sandbox, and its predictions are compared with the revealed ones (every row must match).
 */
public final class BountyModelVerifier {
    private final ContentStore store;
    private final SandboxedVerifier verifier;

    public BountyModelVerifier(ContentStore store, ModelLimits limits) {
        this(store, limits, SandboxGate.unlimited());
    }

    /** A verifier whose model runs pass through {@code gate} (shared with every other user of the sandbox). */
    public BountyModelVerifier(ContentStore store, ModelLimits limits, SandboxGate gate) {
        this.store = store;
        this.verifier = new SandboxedVerifier(limits, gate);
    }

    /** The bounty metadata stored under {@code metadataCid}. */
    public BountyMetadata metadata(String metadataCid) throws IOException {
        try (InputStream json = store.cat(Cid.parse(metadataCid))) {
            return BountyMetadata.parse(json);
        }
    }

    /** The model stored under {@code modelCid}. */
    public byte[] model(String modelCid) throws IOException {
        try (InputStream in = store.cat(Cid.parse(modelCid))) {
            return in.readAllBytes();
        }
    }

    /** Adds and pins {@code result} as its JSON report and returns the report's CID (what an attestation names). */
    public Cid publishReport(VerificationResult result) throws IOException {
        return store.addAndPin(new ByteArrayInputStream(VerificationReport.toJson(result).getBytes(StandardCharsets.UTF_8)));
    }

    /** What {@code model} predicts for the test inputs stored under {@code testInputsCid}. */
    public int[] predict(BountyMetadata metadata, String testInputsCid, byte[] model)
            throws IOException, ModelRejectedException, InferenceSandbox.InferenceFailedException {
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-predict-")) {
            return verifier.predict(model, testInputs(testInputsCid, work), metadata.features().size(), metadata.classes().size(),
                    metadata.onnx().outputName());
        }
    }

    /**
     * Runs {@code model} on the test inputs stored under {@code testInputsCid} and compares with
     * {@code predictions}; {@code labels} (or {@code null}) adds the accuracy and the confusion matrix.
     */
    public VerificationResult verify(BountyMetadata metadata, String testInputsCid, byte[] model, byte[] predictions, byte[] labels)
            throws IOException {
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-verify-")) {
            return verifier.verify(model, testInputs(testInputsCid, work), metadata.features().size(), metadata.classes().size(),
                    metadata.onnx().outputName(), predictions, labels, 1.0);
        }
    }

    private Path testInputs(String testInputsCid, TemporaryFolder work) throws IOException {
        Path testInputs = work.resolve("test-inputs.csv");
        try (InputStream in = store.cat(Cid.parse(testInputsCid))) {
            Files.copy(in, testInputs);
        }
        return testInputs;
    }
}
