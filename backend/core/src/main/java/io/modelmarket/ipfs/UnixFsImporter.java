package io.modelmarket.ipfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the UnixFS DAG that {@code ipfs add --cid-version=1} builds for the bytes written to it: 256 KiB
 * fixed-size chunks stored as raw leaves, joined by a balanced tree of dag-pb nodes of at most 174 links
 * each; a file of one chunk is its own raw leaf. Write the content, {@link #close()}, then read
 * {@link #root()}. Constant memory: one chunk plus the pending links of each tree level.
 *
 * <p>{@link #cidV0()} builds the legacy CIDv0 layout (UnixFS-wrapped leaves), used only to check the
 * importer against the well-known CIDv0 test vectors.
 */
public final class UnixFsImporter extends OutputStream {
    public static final int CHUNK_SIZE = 256 * 1024;
    public static final int MAX_LINKS = 174;
    private static final int UNIXFS_FILE = 2;

    private final int cidVersion;
    private final BlockSink sink;
    private final List<List<Link>> levels = new ArrayList<>();
    private final byte[] chunk = new byte[CHUNK_SIZE];
    private int chunkLength;
    private boolean anyLeaf;
    private Cid root;

    /** An importer for CIDv1 with raw leaves that sends every block to {@code sink}. */
    public UnixFsImporter(BlockSink sink) {
        this(1, sink);
    }

    private UnixFsImporter(int cidVersion, BlockSink sink) {
        this.cidVersion = cidVersion;
        this.sink = sink;
    }

    /** An importer that computes the CIDv0 {@code ipfs add} prints without flags, keeping no block. */
    static UnixFsImporter cidV0() {
        return new UnixFsImporter(0, BlockSink.DISCARD);
    }

    /** Imports {@code content} (read to its end, not closed), sends every block to {@code sink}, returns the root. */
    public static Cid importStream(InputStream content, BlockSink sink) throws IOException {
        UnixFsImporter importer = new UnixFsImporter(sink);
        // Read straight into the chunk buffer: each byte is copied once, from the stream.
        int read;
        while ((read = content.readNBytes(importer.chunk, importer.chunkLength, CHUNK_SIZE - importer.chunkLength)) > 0) {
            importer.chunkLength += read;
            if (importer.chunkLength == CHUNK_SIZE) {
                importer.flushChunk();
            }
        }
        importer.close();
        return importer.root();
    }

    /** The CID {@code ipfs add --cid-version=1} prints for {@code content}. */
    public static Cid cidOf(byte[] content) {
        try {
            return importStream(new ByteArrayInputStream(content), BlockSink.DISCARD);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array never fails to read
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (root != null) {
            throw new IOException("the importer is closed");
        }
        while (length > 0) {
            if (chunkLength == 0 && length >= CHUNK_SIZE) {
                // A whole chunk in the caller's array: hash it where it is, without copying.
                addLeaf(bytes, offset, CHUNK_SIZE);
                offset += CHUNK_SIZE;
                length -= CHUNK_SIZE;
                continue;
            }
            int taken = Math.min(length, CHUNK_SIZE - chunkLength);
            System.arraycopy(bytes, offset, chunk, chunkLength, taken);
            chunkLength += taken;
            offset += taken;
            length -= taken;
            if (chunkLength == CHUNK_SIZE) {
                flushChunk();
            }
        }
    }

    /** Ends the content: stores the last chunk and the tree above it. */
    @Override
    public void close() throws IOException {
        if (root != null) {
            return;
        }
        if (chunkLength > 0 || !anyLeaf) {
            flushChunk();
        }
        root = finish();
    }

    /** The root CID; available once {@link #close()} has returned. */
    public Cid root() {
        if (root == null) {
            throw new IllegalStateException("close the importer before asking for the root");
        }
        return root;
    }

    private void flushChunk() throws IOException {
        addLeaf(chunk, 0, chunkLength);
        chunkLength = 0;
    }

    private void addLeaf(byte[] data, int offset, int length) throws IOException {
        anyLeaf = true;
        if (cidVersion == 1) {
            addLink(0, store(Cid.RAW, data, offset, length, length, length));
            return;
        }
        byte[] content = Arrays.copyOfRange(data, offset, offset + length);
        byte[] unixfs = new Protobuf.Writer().varint(1, UNIXFS_FILE).bytes(2, content).varint(3, length).toByteArray();
        byte[] node = new Protobuf.Writer().bytes(1, unixfs).toByteArray();
        addLink(0, store(Cid.DAG_PB, node, 0, node.length, node.length, length));
    }

    /** Adds a link at {@code level}; a full level becomes one node a level up, as the balanced layout does. */
    private void addLink(int level, Link link) throws IOException {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<Link> links = levels.get(level);
        links.add(link);
        if (links.size() == MAX_LINKS) {
            Link parent = parent(links);
            links.clear();
            addLink(level + 1, parent);
        }
    }

    /** Joins what is pending, bottom up, into the root. */
    private Cid finish() throws IOException {
        for (int level = 0; level < levels.size(); level++) {
            List<Link> links = levels.get(level);
            boolean top = level == levels.size() - 1;
            if (top && links.size() == 1) {
                return links.get(0).cid();
            }
            if (!links.isEmpty()) {
                Link parent = parent(links);
                links.clear();
                if (top) {
                    levels.add(new ArrayList<>(List.of(parent)));
                } else {
                    levels.get(level + 1).add(parent);
                }
            }
        }
        throw new IllegalStateException("unreachable: the top level always ends with one link");
    }

    private Link parent(List<Link> children) throws IOException {
        Protobuf.Writer unixfs = new Protobuf.Writer().varint(1, UNIXFS_FILE);
        long fileSize = 0;
        long childrenTotal = 0;
        for (Link child : children) {
            fileSize += child.fileSize();
            childrenTotal += child.totalSize();
        }
        unixfs.varint(3, fileSize);
        for (Link child : children) {
            unixfs.varint(4, child.fileSize());
        }
        // dag-pb's canonical form: every link (field 2) before the data (field 1); links carry an empty name.
        Protobuf.Writer node = new Protobuf.Writer();
        for (Link child : children) {
            node.bytes(2, new Protobuf.Writer()
                    .bytes(1, child.cid().toBytes())
                    .bytes(2, new byte[0])
                    .varint(3, child.totalSize())
                    .toByteArray());
        }
        byte[] block = node.bytes(1, unixfs.toByteArray()).toByteArray();
        return store(Cid.DAG_PB, block, 0, block.length, block.length + childrenTotal, fileSize);
    }

    private Link store(int codec, byte[] data, int offset, int length, long totalSize, long fileSize) throws IOException {
        Cid cid = Cid.of(cidVersion, codec, data, offset, length);
        sink.put(cid, data, offset, length);
        return new Link(cid, totalSize, fileSize);
    }

    /** A child: its CID, its cumulative block size (dag-pb Tsize), and the file bytes below it. */
    private record Link(Cid cid, long totalSize, long fileSize) {}
}
