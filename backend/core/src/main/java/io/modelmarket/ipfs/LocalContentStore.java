package io.modelmarket.ipfs;

import io.modelmarket.files.TemporaryFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The embedded content store: blocks as files under {@code root/blocks}, named by CID, exactly the blocks a
 * Kubo node would hold for the same content. An add writes into a private staging folder and moves the
 * blocks in only when the whole file has been read, so a failed add leaves nothing behind; reads re-hash
 * every block. Pins are marker files under {@code root/pins}.
 */
public final class LocalContentStore implements ContentStore {
    private final Path blocks;
    private final Path pins;
    private final Path staging;

    public LocalContentStore(Path root) throws IOException {
        this.blocks = Files.createDirectories(root.resolve("blocks"));
        this.pins = Files.createDirectories(root.resolve("pins"));
        this.staging = Files.createDirectories(root.resolve("staging"));
    }

    @Override
    public Cid add(InputStream content) throws IOException {
        try (TemporaryFolder batchFolder = TemporaryFolder.createIn(staging, "add-")) {
            Path batch = batchFolder.path();
            Cid root = UnixFsImporter.importStream(content, (cid, data, offset, length) -> {
                try (OutputStream out = Files.newOutputStream(batch.resolve(cid.toString()))) {
                    out.write(data, offset, length);
                }
            });
            try (Stream<Path> staged = Files.list(batch)) {
                staged.forEach(LocalContentStore.this::moveIntoBlocks);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return root;
        }
    }

    @Override
    public InputStream cat(Cid cid) throws IOException {
        if (!Files.exists(blockPath(cid))) {
            throw new ContentNotFoundException(cid);
        }
        return new DagReader(cid, this::loadBlock);
    }

    @Override
    public void pin(Cid cid) throws IOException {
        try (InputStream everyBlock = cat(cid)) {
            everyBlock.transferTo(OutputStream.nullOutputStream()); // proves the whole DAG is here and intact
        }
        try {
            Files.createFile(pins.resolve(cid.toString()));
        } catch (FileAlreadyExistsException alreadyPinned) {
            // pinning is idempotent
        }
    }

    /** Whether {@code cid} is pinned. */
    public boolean isPinned(Cid cid) {
        return Files.exists(pins.resolve(cid.toString()));
    }

    private byte[] loadBlock(Cid cid) throws IOException {
        try {
            return Files.readAllBytes(blockPath(cid));
        } catch (NoSuchFileException e) {
            throw new ContentNotFoundException(cid);
        }
    }

    private Path blockPath(Cid cid) {
        return blocks.resolve(cid.toString());
    }

    private void moveIntoBlocks(Path stagedBlock) {
        Path target = blocks.resolve(stagedBlock.getFileName());
        try {
            if (!Files.exists(target)) {
                Files.move(stagedBlock, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            // another add stored the same block first: same name, same bytes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
