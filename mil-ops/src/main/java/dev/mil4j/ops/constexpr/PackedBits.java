package dev.mil4j.ops.constexpr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packing of sub-byte integers (1 to 7 bits per element) the way Core ML stores them, in weight blobs and in the
 * packed {@code uint8} indices and masks of the iOS16 {@code constexpr_*} ops: element {@code i} takes bits
 * {@code [i * bits, (i + 1) * bits)} of the byte stream, least significant bit first, and the last byte is padded
 * with zero bits. Unpacked, an element takes one byte (sign-extended for signed types).
 */
public final class PackedBits {
    private PackedBits() {
    }

    /** @return the packed size in bytes of {@code count} elements of {@code bits} bits */
    public static long packedSize(long count, int bits) {
        checkBits(bits);
        return Math.addExact(Math.multiplyExact(count, (long) bits), 7L) / 8;
    }

    /**
     * @param elements one element per byte, from position to limit (only the low {@code bits} bits are kept)
     * @param bits bits per element, 1 to 8
     * @return a new little-endian buffer of {@link #packedSize} bytes, position 0
     */
    public static ByteBuffer pack(ByteBuffer elements, int bits) {
        checkBits(bits);
        int n = elements.remaining();
        int base = elements.position();
        byte[] out = new byte[Math.toIntExact(packedSize(n, bits))];
        int mask = (1 << bits) - 1;
        long bit = 0;
        for (int i = 0; i < n; i++, bit += bits) {
            int v = elements.get(base + i) & mask;
            int at = (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            int spread = v << shift;
            out[at] |= (byte) spread;
            if (shift + bits > 8) {
                out[at + 1] |= (byte) (spread >>> 8);
            }
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param packed the packed bytes, from position (at least {@link #packedSize} of them)
     * @param count the number of elements
     * @param bits bits per element, 1 to 8
     * @param signed whether to sign-extend each element (int4)
     * @return a new buffer of {@code count} bytes, one element each, position 0
     */
    public static ByteBuffer unpack(ByteBuffer packed, long count, int bits, boolean signed) {
        checkBits(bits);
        int n = Math.toIntExact(count);
        if (packed.remaining() < packedSize(count, bits)) {
            throw new IllegalArgumentException(count + " elements of " + bits + " bits need " + packedSize(count, bits)
                    + " bytes, got " + packed.remaining());
        }
        int base = packed.position();
        int limit = packed.limit();
        byte[] out = new byte[n];
        int mask = (1 << bits) - 1;
        long bit = 0;
        for (int i = 0; i < n; i++, bit += bits) {
            int at = base + (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            int word = packed.get(at) & 0xff;
            if (shift + bits > 8 && at + 1 < limit) {
                word |= (packed.get(at + 1) & 0xff) << 8;
            }
            int v = (word >>> shift) & mask;
            if (signed && v >= 1 << (bits - 1)) {
                v -= 1 << bits;
            }
            out[i] = (byte) v;
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("bits per element must be 1 to 8, got " + bits);
        }
    }
}
