package io.modelmarket.ipfs;

import java.io.IOException;

/** The store does not have a block or file. */
public final class ContentNotFoundException extends IOException {
    public ContentNotFoundException(Cid cid) {
        super("content not found: " + cid);
    }
}
