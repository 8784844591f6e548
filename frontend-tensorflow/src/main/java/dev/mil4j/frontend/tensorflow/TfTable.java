package dev.mil4j.frontend.tensorflow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a table in the LevelDB format TensorFlow writes a checkpoint's {@code .index} file in: data blocks of
 * prefix-compressed key/value entries, an index block pointing at them, and a 48-byte footer (two block handles and
 * the magic number). Every block's checksum (masked CRC32C over its bytes and its type byte) is checked and every
 * varint, length and offset is checked against the bytes it points into before use; blocks must be uncompressed
 * (TensorFlow writes checkpoint indexes without compression).
 */
final class TfTable {
    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_SIZE = 48;
    /** The largest number of entries read: far more than any model has variables. */
    static final int MAX_ENTRIES = 1 << 20;
    private static final int BLOCK_TRAILER = 5;

    /** A malformed table; the message says what is wrong and where. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    private final byte[] bytes;
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private byte[] lastKey;

    private TfTable(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The entries of the table in key order (keys as UTF-8 strings). */
    static Map<String, byte[]> read(byte[] bytes) throws FormatException {
        TfTable t = new TfTable(bytes);
        t.readAll();
        return t.entries;
    }

    private void readAll() throws FormatException {
        if (bytes.length < FOOTER_SIZE) {
            throw new FormatException("it is " + bytes.length + " bytes, shorter than the " + FOOTER_SIZE
                    + "-byte table footer");
        }
        int footer = bytes.length - FOOTER_SIZE;
        long magic = ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (magic != MAGIC) {
            throw new FormatException("its last 8 bytes are not the table magic number (not a checkpoint index, "
                    + "or truncated)");
        }
        int[] pos = {footer};
        long[] meta = handle(bytes, pos, footer + FOOTER_SIZE - 8, "the footer");
        long[] index = handle(bytes, pos, footer + FOOTER_SIZE - 8, "the footer");
        checkHandle(meta, footer, "the metaindex block");
        byte[] indexBlock = block(index, footer, "the index block");
        for (Map.Entry<byte[], byte[]> e : entries(indexBlock, "the index block").entrySet()) {
            int[] p = {0};
            byte[] h = e.getValue();
            long[] data = handle(h, p, h.length, "an index entry");
            for (Map.Entry<byte[], byte[]> d : entries(block(data, footer, "the data block at offset " + data[0]),
                    "the data block at offset " + data[0]).entrySet()) {
                add(d.getKey(), d.getValue());
            }
        }
    }

    private void add(byte[] key, byte[] value) throws FormatException {
        if (lastKey != null && Arrays.compareUnsigned(lastKey, key) >= 0) {
            throw new FormatException("its keys are not in increasing order");
        }
        if (entries.size() >= MAX_ENTRIES) {
            throw new FormatException("it has more than " + MAX_ENTRIES + " entries");
        }
        lastKey = key;
        if (entries.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), value) != null) {
            throw new FormatException("it has two keys that are the same text (keys that are not UTF-8)");
        }
    }

    /** A block handle (offset, size), two varint64s. */
    private static long[] handle(byte[] b, int[] pos, int limit, String where) throws FormatException {
        return new long[] {varint(b, pos, limit, where), varint(b, pos, limit, where)};
    }

    private static void checkHandle(long[] h, int end, String what) throws FormatException {
        if (h[0] < 0 || h[1] < 0 || h[0] + h[1] + BLOCK_TRAILER > end) {
            throw new FormatException(what + " (offset " + h[0] + ", size " + h[1] + ") lies outside the file's "
                    + end + " bytes of blocks");
        }
    }

    /** The contents of a block, its trailer checked: type 0 (uncompressed) and the masked CRC32C. */
    private byte[] block(long[] h, int end, String what) throws FormatException {
        checkHandle(h, end, what);
        int offset = (int) h[0];
        int size = (int) h[1];
        int type = bytes[offset + size] & 0xff;
        if (type != 0) {
            throw new FormatException(what + " is " + (type == 1 ? "Snappy-compressed" : "of unknown block type "
                    + type) + "; TensorFlow writes checkpoint indexes uncompressed");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, size + 1);
        int stored = ByteBuffer.wrap(bytes, offset + size + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (mask((int) crc.getValue()) != stored) {
            throw new FormatException(what + " fails its checksum (the file is corrupt)");
        }
        return Arrays.copyOfRange(bytes, offset, offset + size);
    }

    /** The masked CRC32C LevelDB and TensorFlow store (a rotation plus a constant). */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    /** The entries of a block: restart points at the end, prefix-compressed keys before them. */
    private static Map<byte[], byte[]> entries(byte[] block, String what) throws FormatException {
        if (block.length < 4) {
            throw new FormatException(what + " is shorter than its restart count");
        }
        long restarts = Integer.toUnsignedLong(ByteBuffer.wrap(block, block.length - 4, 4)
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        long limit = block.length - 4 - 4 * restarts;
        if (restarts == 0 || limit < 0) {
            throw new FormatException(what + " has " + restarts + " restart points, which do not fit its "
                    + block.length + " bytes");
        }
        Map<byte[], byte[]> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        int[] pos = {0};
        while (pos[0] < limit) {
            long shared = varint(block, pos, (int) limit, what);
            long unshared = varint(block, pos, (int) limit, what);
            long valueSize = varint(block, pos, (int) limit, what);
            if (shared > key.length) {
                throw new FormatException(what + " has an entry that shares " + shared + " bytes with the previous "
                        + "key, which has " + key.length);
            }
            if (unshared + valueSize > limit - pos[0]) {
                throw new FormatException(what + " has an entry whose key or value runs past the block");
            }
            byte[] next = Arrays.copyOf(key, (int) (shared + unshared));
            System.arraycopy(block, pos[0], next, (int) shared, (int) unshared);
            pos[0] += (int) unshared;
            out.put(next, Arrays.copyOfRange(block, pos[0], pos[0] + (int) valueSize));
            pos[0] += (int) valueSize;
            key = next;
            if (out.size() > MAX_ENTRIES) {
                throw new FormatException(what + " has more than " + MAX_ENTRIES + " entries");
            }
        }
        return out;
    }

    /** A varint of at most 64 bits (10 bytes) before {@code limit}. */
    private static long varint(byte[] b, int[] pos, int limit, String what) throws FormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= limit) {
                throw new FormatException(what + " ends inside a varint");
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new FormatException(what + " holds the length or offset " + Long.toUnsignedString(v)
                            + ", larger than mil4j reads");
                }
                return v;
            }
        }
        throw new FormatException(what + " holds a varint longer than 10 bytes");
    }
}
