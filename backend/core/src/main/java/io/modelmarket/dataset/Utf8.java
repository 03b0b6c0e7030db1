package io.modelmarket.dataset;

/** Strict UTF-8 as Java's decoder accepts it (no overlong forms, surrogates or code points above U+10FFFF), on bytes. */
final class Utf8 {
    private Utf8() {}

    /** The length of the well-formed sequence at {@code at} (bytes up to {@code limit}), or -1 when it is malformed or cut off. */
    static int sequenceLength(byte[] bytes, int at, int limit) {
        int first = bytes[at] & 0xff;
        if (first < 0x80) {
            return 1;
        }
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (first >= 0xC2 && first <= 0xDF) {
            length = 2;
        } else if (first >= 0xE0 && first <= 0xEF) {
            length = 3;
            secondMin = first == 0xE0 ? 0xA0 : 0x80;
            secondMax = first == 0xED ? 0x9F : 0xBF;
        } else if (first >= 0xF0 && first <= 0xF4) {
            length = 4;
            secondMin = first == 0xF0 ? 0x90 : 0x80;
            secondMax = first == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (at + length > limit) {
            return -1;
        }
        int second = bytes[at + 1] & 0xff;
        if (second < secondMin || second > secondMax) {
            return -1;
        }
        for (int i = 2; i < length; i++) {
            int next = bytes[at + i] & 0xff;
            if (next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return length;
    }

    /** The code point of the well-formed sequence of {@code length} bytes at {@code at}. */
    static int decode(byte[] bytes, int at, int length) {
        int first = bytes[at] & 0xff;
        if (length == 1) {
            return first;
        }
        int codePoint = first & (0xFF >> (length + 1));
        for (int i = 1; i < length; i++) {
            codePoint = codePoint << 6 | bytes[at + i] & 0x3F;
        }
        return codePoint;
    }

    /** Whether {@code bytes[from, to)} is well-formed UTF-8 without U+FFFD (which a decoder puts for malformed input). */
    static boolean isValidWithoutReplacement(byte[] bytes, int from, int to) {
        for (int i = from; i < to; ) {
            int length = sequenceLength(bytes, i, to);
            if (length < 0 || length == 3 && decode(bytes, i, 3) == 0xFFFD) {
                return false;
            }
            i += length;
        }
        return true;
    }
}
