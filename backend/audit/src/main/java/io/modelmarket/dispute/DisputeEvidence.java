package io.modelmarket.dispute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * ERC-1497 evidence: a file of any kind published to the content store with an evidence JSON ({@code name},
 * {@code description}, {@code fileURI}, {@code fileTypeExtension}) that points to it; the chain records the JSON's
 * {@code /ipfs/<cid>} ({@code disputeVerification}, {@code disputeTestInputs}, {@code submitEvidence}).
 */
public final class DisputeEvidence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DisputeEvidence() {}

    /**
     * Publishes {@code file} and its evidence JSON; returns the JSON's URI, {@code /ipfs/<cid>}.
     *
     * @param extension the file's type ({@code json}, {@code txt}), or {@code null} when it has none
     */
    public static String publish(ContentStore store, InputStream file, String extension, String name, String description) throws IOException {
        Cid fileCid = store.addAndPin(file);
        ObjectNode evidence = JSON.createObjectNode();
        evidence.put("name", name);
        evidence.put("description", description);
        evidence.put("fileURI", "/ipfs/" + fileCid);
        if (extension != null) {
            evidence.put("fileTypeExtension", extension);
        }
        try {
            return "/ipfs/" + store.addAndPin(new ByteArrayInputStream(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(evidence)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an evidence JSON always serializes", e);
        }
    }
}
