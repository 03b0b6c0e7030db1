package io.modelmarket.ipfs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a file's bytes through while importing them; at the end, fails with
 * {@link ContentCorruptedException} unless they import to the expected CID. The caller sees the end of the
 * stream only after the check has passed.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Cid expected;
    private final UnixFsImporter importer = new UnixFsImporter(BlockSink.DISCARD);
    private boolean verified;

    VerifyingInputStream(InputStream in, Cid expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = super.read(buffer, offset, length);
        if (count > 0) {
            importer.write(buffer, offset, count);
        } else if (count < 0 && !verified) {
            importer.close();
            if (!importer.root().equals(expected)) {
                throw new ContentCorruptedException(expected, "the bytes received import to " + importer.root());
            }
            verified = true;
        }
        return count;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)]); // every byte must pass through the importer
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
