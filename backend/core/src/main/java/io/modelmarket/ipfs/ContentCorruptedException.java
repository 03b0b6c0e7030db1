package io.modelmarket.ipfs;

import java.io.IOException;

/** Bytes read for a CID do not hash to it. */
public final class ContentCorruptedException extends IOException {
    public ContentCorruptedException(Cid expected, String detail) {
        super("content of " + expected + " does not match its CID: " + detail);
    }
}
