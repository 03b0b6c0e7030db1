package io.modelmarket.bounty;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.BlockSink;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Fetches a bounty's files by CID, checked: every byte is imported again here and the CID recomputed, whatever the
 * store does (a store or gateway that does not check is not trusted), and no file is larger than the bound. A
 * file appears at its target only once it has passed both; a failure leaves nothing behind and names the file
 * ({@link FetchException}). A {@link Progress} hears how far each transfer is (the command line draws a bar).
 */
public final class ContentFetcher {
    /** The bound of {@link #ContentFetcher(ContentStore)}: far above any bounty file the market accepts, below a full disk. */
    public static final long DEFAULT_MAX_BYTES = 8L << 30;

    /** Hears how far a transfer is. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (what, bytes, done) -> { };

        /** {@code bytes} of {@code what} received so far; {@code done} once the transfer has ended and passed its checks. */
        void transferred(String what, long bytes, boolean done);

        /** The transfer of {@code what} stopped after {@code bytes}, failed (the fetch throws why). */
        default void failed(String what, long bytes) { }
    }

    private static final int BUFFER = 1 << 16;

    private final ContentStore store;
    private final long maxBytes;
    private final Progress progress;

    /** A fetcher with the {@link #DEFAULT_MAX_BYTES} bound that reports no progress. */
    public ContentFetcher(ContentStore store) {
        this(store, DEFAULT_MAX_BYTES, Progress.NONE);
    }

    public ContentFetcher(ContentStore store, long maxBytes, Progress progress) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the largest file a fetch accepts must be positive, not " + maxBytes + " bytes");
        }
        this.store = store;
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    /**
     * Copies the content of {@code cid} (the bounty's {@code what}: "training data", …) to {@code target}.
     *
     * @throws FetchException when the store does not have it, gives other bytes, or more than the bound
     * @throws IOException when the store cannot be read at all (the node is down): nothing follows about the file
     */
    public Path fetch(Cid cid, String what, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part)) {
            copyChecked(cid, what, target.getFileName().toString(), out);
            out.close();
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The content of {@code cid} in memory (a model), checked as {@link #fetch} checks it; at most 2 GiB. */
    public byte[] read(Cid cid, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyChecked(cid, what, null, out);
        return out.toByteArray();
    }

    /** The bounty metadata stored under {@code cid}, checked as {@link #fetch} checks it. */
    public BountyMetadata metadata(Cid cid) throws IOException {
        return BountyMetadata.parse(new ByteArrayInputStream(read(cid, "metadata")));
    }

    private void copyChecked(Cid cid, String what, String file, OutputStream out) throws IOException {
        Transfer transfer = new Transfer(cid, what, file, file == null ? Math.min(maxBytes, Integer.MAX_VALUE - 8) : maxBytes);
        try {
            transfer.copyTo(out);
        } catch (IOException | RuntimeException e) {
            progress.failed(what, transfer.received);
            throw e;
        }
        progress.transferred(what, transfer.received, true);
    }

    /** One fetch: the bytes counted against the bound and imported again to recompute the CID. */
    private final class Transfer {
        private final Cid cid;
        private final String what;
        private final String file;
        private final long bound;
        private long received;

        Transfer(Cid cid, String what, String file, long bound) {
            this.cid = cid;
            this.what = what;
            this.file = file;
            this.bound = bound;
        }

        void copyTo(OutputStream out) throws IOException {
            UnixFsImporter importer = new UnixFsImporter(BlockSink.DISCARD);
            try (InputStream in = store.cat(cid)) {
                byte[] buffer = new byte[BUFFER];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    received += read;
                    if (received > bound) {
                        throw new FetchException(FetchException.Problem.TOO_LARGE, what, file, cid,
                                "the content of " + cid + " is larger than the " + bound + " bytes a fetch accepts, so nothing was kept", null);
                    }
                    out.write(buffer, 0, read);
                    importer.write(buffer, 0, read);
                    progress.transferred(what, received, false);
                }
            } catch (ContentCorruptedException e) {
                throw corrupted(e.getMessage(), e);
            } catch (ContentNotFoundException e) {
                throw new FetchException(FetchException.Problem.NOT_FOUND, what, file, cid,
                        "the content store has no " + cid + " (is it the store the bounty was published to?)", e);
            }
            importer.close();
            if (!importer.root().equals(cid)) {
                throw corrupted("the bytes received import to " + importer.root(), null);
            }
        }

        private FetchException corrupted(String detail, Throwable cause) {
            return new FetchException(FetchException.Problem.CORRUPTED, what, file, cid,
                    "the store returned other bytes than " + cid + " names, so nothing was kept (" + detail + ")", cause);
        }
    }
}
