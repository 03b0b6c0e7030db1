package io.modelmarket.ipfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a UnixFS file block by block, depth first, re-hashing every block against the CID that named it:
 * the file's bytes are correct or the read fails. Holds one block and the pending links in memory.
 */
final class DagReader extends InputStream {
    /** Loads the raw bytes of a block; verification is the reader's job. */
    @FunctionalInterface
    interface BlockLoader {
        byte[] load(Cid cid) throws IOException;
    }

    private final BlockLoader loader;
    private final Deque<Cid> pending = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;

    DagReader(Cid root, BlockLoader loader) {
        this.loader = loader;
        pending.push(root);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (pending.isEmpty()) {
                return -1;
            }
            current = next(pending.pop());
            position = 0;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    /** Loads and verifies one block; returns its file bytes and queues its children in order. */
    private byte[] next(Cid cid) throws IOException {
        byte[] block = loader.load(cid);
        if (!cid.matches(block)) {
            throw new ContentCorruptedException(cid, "block hash differs");
        }
        if (cid.codec() == Cid.RAW) {
            return block;
        }
        try {
            List<Cid> links = new ArrayList<>();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            Protobuf.readLengthDelimited(block, (field, value) -> {
                if (field == 2) {
                    Protobuf.readLengthDelimited(value, (linkField, linkValue) -> {
                        if (linkField == 1) {
                            links.add(Cid.fromBytes(linkValue));
                        }
                    });
                } else if (field == 1) {
                    Protobuf.readLengthDelimited(value, (unixfsField, unixfsValue) -> {
                        if (unixfsField == 2) {
                            data.writeBytes(unixfsValue);
                        }
                    });
                }
            });
            for (int i = links.size() - 1; i >= 0; i--) {
                pending.push(links.get(i));
            }
            return data.toByteArray();
        } catch (IllegalArgumentException e) {
            throw new ContentCorruptedException(cid, "malformed dag-pb node: " + e.getMessage());
        }
    }
}
