package io.modelmarket.server.files;

/**
 * The public files a client may publish through the server, each with what the server checks beyond its CID.
 * Nothing secret is among them: labels, salts, keys and unrevealed models never reach the server.
 */
public enum PublicFile {
    /** A bounty's training CSV (features and labels of the training rows: public by design). */
    TRAINING("the training data"),
    /** A bounty's test inputs sealed under the requester's key: public, opened by anyone only once the key is released. */
    SEALED_TEST_INPUTS("the sealed test inputs"),
    /** A bounty's metadata JSON; it must parse as bounty metadata. */
    METADATA("the metadata"),
    /** The ONNX model of a submission whose reveal is on chain (and so public). */
    REVEALED_MODEL("the model");

    private final String description;

    PublicFile(String description) {
        this.description = description;
    }

    /** What the file is, in words, for problem details. */
    public String description() {
        return description;
    }
}
