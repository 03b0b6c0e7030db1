package io.modelmarket.ipfs;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;

/** Just enough protobuf for dag-pb and UnixFS: varints and length-delimited fields, both ways. */
final class Protobuf {
    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private Protobuf() {}

    /** Appends fields to a message. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varint(int field, long value) {
            writeVarint((long) field << 3 | VARINT);
            writeVarint(value);
            return this;
        }

        Writer bytes(int field, byte[] value) {
            writeVarint((long) field << 3 | LENGTH_DELIMITED);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }

    /** Calls {@code onBytes(field, value)} for each length-delimited field and skips varints. */
    static void readLengthDelimited(byte[] message, BiConsumer<Integer, byte[]> onBytes) {
        int[] position = {0};
        while (position[0] < message.length) {
            long key = readVarint(message, position);
            int field = (int) (key >>> 3);
            int type = (int) (key & 7);
            if (type == VARINT) {
                readVarint(message, position);
            } else if (type == LENGTH_DELIMITED) {
                long length = readVarint(message, position);
                if (length < 0 || length > message.length - position[0]) {
                    throw new IllegalArgumentException("protobuf field " + field + " runs past the end of the block");
                }
                byte[] value = new byte[(int) length];
                System.arraycopy(message, position[0], value, 0, value.length);
                position[0] += value.length;
                onBytes.accept(field, value);
            } else {
                throw new IllegalArgumentException("unsupported protobuf wire type " + type + " in field " + field);
            }
        }
    }

    /** Reads an unsigned LEB128 varint at {@code position[0]} and advances it. */
    static long readVarint(byte[] message, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= message.length) {
                throw new IllegalArgumentException("truncated protobuf varint");
            }
            int b = message[position[0]++] & 0xff;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("protobuf varint longer than 64 bits");
    }
}
