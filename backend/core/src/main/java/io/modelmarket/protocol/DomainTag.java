package io.modelmarket.protocol;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * The domain tags: {@code keccak256} of an ASCII name, hashed first into each kind of commitment
 * (and into the seal's nonce), so that bytes committed as one kind can never be opened as another.
 */
public enum DomainTag {
    GROUND_TRUTH("modelmarket.v2.groundTruth"),
    SEALING_KEY("modelmarket.v2.sealingKey"),
    MODEL("modelmarket.v2.model"),
    PREDICTIONS("modelmarket.v2.predictions"),
    SEAL_NONCE("modelmarket.v2.sealNonce");

    private final String name;
    private final Bytes32 tag;

    DomainTag(String name) {
        this.name = name;
        this.tag = Bytes32.of(new Keccak.Digest256().digest(name.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The ASCII name the tag hashes, e.g. {@code modelmarket.v2.model}. */
    public String tagName() {
        return name;
    }

    /** {@code keccak256(bytes(name))}. */
    public Bytes32 tag() {
        return tag;
    }
}
