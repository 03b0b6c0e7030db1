package io.modelmarket.ipfs;

import java.io.IOException;

/** Receives the blocks of a file as {@link UnixFsImporter} makes them, every child before its parent. */
@FunctionalInterface
public interface BlockSink {
    /** A sink that keeps nothing: for computing a CID alone. */
    BlockSink DISCARD = (cid, data, offset, length) -> {};

    /**
     * Takes one block, {@code data[offset, offset + length)}. The array belongs to the caller and may change
     * once this returns: a sink that keeps the block must copy it.
     */
    void put(Cid cid, byte[] data, int offset, int length) throws IOException;
}
