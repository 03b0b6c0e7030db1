package io.modelmarket.verify;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a verifier reads of a bounty from the content store by CID, every read checked against its CID: the
 * metadata and the revealed models. The test inputs are sealed; their readers open them first
 * ({@code TestInputsSeal}).
 */
public final class BountyContent {
    private final ContentStore store;

    public BountyContent(ContentStore store) {
        this.store = store;
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
}
