package io.modelmarket.server.files;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The public files a client may publish through the server, each with what the server checks beyond its CID.
 * Nothing secret is among them: labels, salts, keys and unrevealed models never reach the server.
 */
public enum PublicFile {
    /** A bounty's training CSV (features and labels of the training rows: public by design). */
    TRAINING("training", "the training data"),
    /** A bounty's test inputs sealed under the requester's key: public, opened by anyone only once the key is released. */
    SEALED_TEST_INPUTS("sealed-test-inputs", "the sealed test inputs"),
    /** A bounty's metadata JSON; it must parse as bounty metadata. */
    METADATA("metadata", "the metadata"),
    /**
     * Evidence for a dispute: an ERC-1497 evidence document (JSON: name, description, fileURI) or the file it names; public
     * by design, submitted on chain by its URI. At most {@code modelmarket.limits.other-body}.
     */
    EVIDENCE("evidence", "the evidence"),
    /** The ONNX model of a submission whose reveal is on chain (and so public). */
    REVEALED_MODEL(null, "the model");

    /** The names of the bounty's own files in {@code POST /api/files/{kind}}. */
    public static final List<String> BOUNTY_FILES = Arrays.stream(values()).filter(file -> file.path != null).map(file -> file.path).toList();

    private final String path;
    private final String description;

    PublicFile(String path, String description) {
        this.path = path;
        this.description = description;
    }

    /** The bounty file named {@code path} in {@code POST /api/files/{kind}}; a model is uploaded under its bounty instead. */
    public static Optional<PublicFile> bountyFile(String path) {
        return Arrays.stream(values()).filter(file -> file.path != null && file.path.equals(path)).findFirst();
    }

    /** What the file is, in words, for problem details. */
    public String description() {
        return description;
    }
}
