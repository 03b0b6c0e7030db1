package io.modelmarket.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Bytes of CSV lines built up in one growable array, to hash or write without a String per cell. */
final class LineBuilder {
    private byte[] bytes = new byte[1 << 12];
    private int length;

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Keeps the first {@code length} bytes. */
    void truncate(int length) {
        this.length = length;
    }

    void append(byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, 2 * length);
        }
        bytes[length++] = b;
    }

    void append(byte[] from, int start, int end) {
        int count = end - start;
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + count));
        }
        System.arraycopy(from, start, bytes, length, count);
        length += count;
    }

    /** Appends {@code count} bytes of {@code from} at {@code index}, leaving its position as it is. */
    void append(ByteBuffer from, int index, int count) {
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + count));
        }
        from.get(index, bytes, length, count);
        length += count;
    }

    /** Writes the bytes to {@code out} and empties this builder. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
        length = 0;
    }
}
