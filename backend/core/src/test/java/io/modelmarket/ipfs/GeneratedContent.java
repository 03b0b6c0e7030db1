package io.modelmarket.ipfs;

import java.io.InputStream;

/**
 * The xorshift32 byte stream of scripts/make-cid-vectors.ts: for each 4-byte word,
 * {@code state ^= state << 13; state ^= state >>> 17; state ^= state << 5}, written little-endian.
 */
public final class GeneratedContent extends InputStream {
    private int state;
    private long remaining;
    private int word;
    private int wordBytesLeft;

    public GeneratedContent(int seed, long size) {
        this.state = seed;
        this.remaining = size;
    }

    @Override
    public int read() {
        if (remaining == 0) {
            return -1;
        }
        if (wordBytesLeft == 0) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            word = state;
            wordBytesLeft = 4;
        }
        int b = word & 0xff;
        word >>>= 8;
        wordBytesLeft--;
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining == 0) {
            return -1;
        }
        int count = (int) Math.min(length, remaining);
        for (int i = 0; i < count; i++) {
            buffer[offset + i] = (byte) read();
        }
        return count;
    }
}
