package io.modelmarket.ipfs;

import java.io.IOException;

/** Receives the blocks of a file as {@link UnixFsImporter} makes them, every child before its parent. */
@FunctionalInterface
public interface BlockSink {
    /** A sink that keeps nothing: for computing a CID alone. */
    BlockSink DISCARD = (cid, block) -> {};

    /** Takes one block; the array may be reused once this returns, so a sink that keeps it must copy it. */
    void put(Cid cid, byte[] block) throws IOException;
}
