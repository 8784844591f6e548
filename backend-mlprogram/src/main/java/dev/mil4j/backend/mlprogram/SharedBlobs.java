package dev.mil4j.backend.mlprogram;

import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes weights to a blob file, each distinct value once: a weight of at least {@code minElements} elements whose
 * element type and bytes equal those of one written before gets the earlier blob's offset. Candidates are found by
 * element type, size and a fingerprint of 64 words sampled across the bytes (so a weight that is equal to none is
 * written without reading all of it twice); only when fingerprints match are the whole bytes hashed (a stored
 * blob's read back from the file, once), and equal hashes are confirmed by comparing the bytes with the blob read
 * back ({@link BlobFileWriter#holds}), so no weight is kept in memory. coremltools stores equal values once in the
 * same two places: its {@code const_deduplication} pass merges equal constants of 100 elements or more within a
 * function, and {@code save_multifunction} shares the weights of its functions. Not thread-safe.
 */
final class SharedBlobs {
    /** coremltools' {@code const_deduplication.NUMEL_THRESH}: smaller equal constants stay apart. */
    static final long CONST_DEDUPLICATION_ELEMENTS = 100;
    /** Words of a fingerprint; a weight of at most this many words is hashed whole instead. */
    static final int SAMPLES = 64;

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long MULTIPLIER = 0xC2B2AE3D27D4EB4FL;
    /** Bytes read back from the file at a time to hash a stored blob (a multiple of the hash's 32-byte step). */
    private static final int READ_BACK = 1 << 16;

    private record Key(BlobDataType type, int size, long fingerprint) {
    }

    /** A blob in the file and, once a fingerprint collision needed it, the hash of all its bytes. */
    private static final class Stored {
        final long offset;
        boolean hashed;
        long hash;

        Stored(long offset) {
            this.offset = offset;
        }
    }

    private final BlobFileWriter out;
    private final long minElements;
    private final Map<Key, List<Stored>> stored = new HashMap<>();
    private long weights;
    private long blobs;
    private long bytes;

    /**
     * @param out the blob file
     * @param minElements the smallest weight (in elements) shared with an equal one; smaller ones are each written
     */
    SharedBlobs(BlobFileWriter out, long minElements) {
        this.out = out;
        this.minElements = minElements;
    }

    /**
     * @param type the element type
     * @param data the weight's bytes (position to limit), little-endian; not changed
     * @return the offset of the blob holding them
     * @throws IOException if writing fails
     */
    long write(BlobDataType type, ByteBuffer data) throws IOException {
        weights++;
        long elements = (long) data.remaining() * 8 / type.bitsPerElement();
        if (elements < minElements) {
            return append(type, data);
        }
        List<Stored> candidates = stored.computeIfAbsent(new Key(type, data.remaining(), fingerprint(data)),
                k -> new ArrayList<>(1));
        Stored written;
        if (candidates.isEmpty()) {
            written = new Stored(append(type, data));
        } else {
            long hash = hash(data);
            for (Stored s : candidates) {
                if (wholeHash(s, data.remaining()) == hash && out.holds(s.offset, type, data)) {
                    return s.offset;
                }
            }
            written = new Stored(append(type, data));
            written.hashed = true;
            written.hash = hash;
        }
        candidates.add(written);
        return written.offset;
    }

    private long append(BlobDataType type, ByteBuffer data) throws IOException {
        blobs++;
        bytes += data.remaining();
        return out.write(type, data);
    }

    /** The hash of a stored blob of {@code size} bytes, read back from the file the first time it is needed. */
    private long wholeHash(Stored s, int size) throws IOException {
        if (!s.hashed) {
            Hash h = new Hash(size);
            ByteBuffer chunk = ByteBuffer.allocate(Math.min(size, READ_BACK)).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < size; done += chunk.capacity()) {
                chunk.clear().limit(Math.min(chunk.capacity(), size - done));
                out.read(s.offset, done, chunk);
                h.add(chunk.flip());
            }
            s.hash = h.value();
            s.hashed = true;
        }
        return s.hash;
    }

    /**
     * A 64-bit fingerprint of the bytes from position to limit: {@value #SAMPLES} words at evenly spread places and the
     * last word, or the whole {@link #hash} of a buffer that small. Equal bytes have equal fingerprints.
     */
    static long fingerprint(ByteBuffer data) {
        int n = data.remaining();
        if (n <= 8 * SAMPLES) {
            return hash(data);
        }
        ByteBuffer bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = bytes.position();
        long step = (n - 8) / SAMPLES;
        long h = SEED ^ n;
        for (int i = 0; i < SAMPLES; i++) {
            h = mix(h, bytes.getLong(at + (int) (i * step)));
        }
        h = mix(h, bytes.getLong(at + n - 8));
        return h ^ (h >>> 29);
    }

    /**
     * A 64-bit hash of the bytes from position to limit: four independent lanes of eight bytes (so the multiplies
     * overlap), cheap next to writing the bytes.
     */
    static long hash(ByteBuffer data) {
        Hash h = new Hash(data.remaining());
        h.add(data.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        return h.value();
    }

    /**
     * {@link #hash} over consecutive pieces of the bytes, each but the last a multiple of 32 bytes long (so a stored
     * blob can be hashed in chunks read back from the file).
     */
    private static final class Hash {
        private long h0;
        private long h1 = SEED + 1;
        private long h2 = SEED + 2;
        private long h3 = SEED + 3;

        Hash(int size) {
            h0 = SEED ^ size;
        }

        /** Adds the bytes from position to limit of a little-endian buffer (the position is not changed). */
        void add(ByteBuffer bytes) {
            int at = bytes.position();
            int end = bytes.limit();
            for (; at <= end - 32; at += 32) {
                h0 = mix(h0, bytes.getLong(at));
                h1 = mix(h1, bytes.getLong(at + 8));
                h2 = mix(h2, bytes.getLong(at + 16));
                h3 = mix(h3, bytes.getLong(at + 24));
            }
            for (; at < end; at++) {
                h0 = mix(h0, bytes.get(at));
            }
        }

        long value() {
            long h = mix(mix(mix(h0, h1), h2), h3);
            return h ^ (h >>> 29);
        }
    }

    private static long mix(long h, long word) {
        return Long.rotateLeft((h ^ word) * MULTIPLIER, 31);
    }

    /** @return the number of weights written, shared ones counted each time */
    long weights() {
        return weights;
    }

    /** @return the number of blobs in the file */
    long blobs() {
        return blobs;
    }

    /** @return the bytes of weight data in the file */
    long bytes() {
        return bytes;
    }
}
