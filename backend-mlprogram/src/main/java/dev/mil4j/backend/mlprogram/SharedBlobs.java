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
 * element type, size and a 64-bit hash of the bytes, and confirmed by comparing the bytes with the blob read back
 * from the file ({@link BlobFileWriter#holds}), so no weight is kept in memory. coremltools stores equal values once
 * in the same two places: its {@code const_deduplication} pass merges equal constants of 100 elements or more
 * within a function, and {@code save_multifunction} shares the weights of its functions. Not thread-safe.
 */
final class SharedBlobs {
    /** coremltools' {@code const_deduplication.NUMEL_THRESH}: smaller equal constants stay apart. */
    static final long CONST_DEDUPLICATION_ELEMENTS = 100;

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long MULTIPLIER = 0xC2B2AE3D27D4EB4FL;

    private record Key(BlobDataType type, int size, long hash) {
    }

    private final BlobFileWriter out;
    private final long minElements;
    private final Map<Key, List<Long>> offsets = new HashMap<>();
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
        List<Long> candidates = offsets.computeIfAbsent(new Key(type, data.remaining(), hash(data)),
                k -> new ArrayList<>(1));
        for (long offset : candidates) {
            if (out.holds(offset, type, data)) {
                return offset;
            }
        }
        long offset = append(type, data);
        candidates.add(offset);
        return offset;
    }

    private long append(BlobDataType type, ByteBuffer data) throws IOException {
        blobs++;
        bytes += data.remaining();
        return out.write(type, data);
    }

    /**
     * A 64-bit hash of the bytes from position to limit: four independent lanes of eight bytes (so the multiplies
     * overlap), cheap next to writing the bytes.
     */
    static long hash(ByteBuffer data) {
        ByteBuffer bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = bytes.position();
        int end = bytes.limit();
        long h0 = SEED ^ (end - at);
        long h1 = SEED + 1;
        long h2 = SEED + 2;
        long h3 = SEED + 3;
        for (; at <= end - 32; at += 32) {
            h0 = mix(h0, bytes.getLong(at));
            h1 = mix(h1, bytes.getLong(at + 8));
            h2 = mix(h2, bytes.getLong(at + 16));
            h3 = mix(h3, bytes.getLong(at + 24));
        }
        for (; at < end; at++) {
            h0 = mix(h0, bytes.get(at));
        }
        long h = mix(mix(mix(h0, h1), h2), h3);
        return h ^ (h >>> 29);
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
