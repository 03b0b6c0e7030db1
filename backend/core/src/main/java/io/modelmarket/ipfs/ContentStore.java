package io.modelmarket.ipfs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where bounty data, models and reports live, addressed by the CIDs {@code ipfs add --cid-version=1} prints.
 * Two implementations: {@link LocalContentStore} (embedded, the default) and {@link KuboRpcClient} (any node
 * that speaks Kubo's RPC API). Both verify what they read against the CID asked for.
 */
public interface ContentStore {

    /** Stores {@code content} (read to its end, not closed) and returns its CID. Nothing is kept on failure. */
    Cid add(InputStream content) throws IOException;

    /**
     * Streams the content of {@code cid}. Every byte is verified against the CID before the stream reports
     * its end: a mismatch surfaces as {@link ContentCorruptedException}, never as silently wrong data.
     *
     * @throws ContentNotFoundException if the store does not have it
     */
    InputStream cat(Cid cid) throws IOException;

    /** Keeps {@code cid} and every block below it from garbage collection. */
    void pin(Cid cid) throws IOException;

    /** {@link #add} then {@link #pin}: how everything ModelMarket publishes is stored, so that it stays. */
    default Cid addAndPin(InputStream content) throws IOException {
        Cid cid = add(content);
        pin(cid);
        return cid;
    }
}
