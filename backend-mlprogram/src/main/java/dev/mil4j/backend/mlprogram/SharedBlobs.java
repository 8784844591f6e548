package dev.mil4j.backend.mlprogram;

import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes weights to a blob file, each distinct weight once: a weight whose element type and bytes equal those of
 * one written before (compared by SHA-256 digest) gets the earlier blob's offset, as coremltools'
 * {@code save_multifunction} shares the weights of its functions. Not thread-safe.
 */
final class SharedBlobs {
    private record Key(BlobDataType type, long size, String digest) {
    }

    private final BlobFileWriter out;
    private final Map<Key, Long> offsets = new HashMap<>();
    private final MessageDigest sha256;
    private long weights;
    private long bytes;

    SharedBlobs(BlobFileWriter out) {
        this.out = out;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param type the element type
     * @param data the weight's bytes (position to limit), little-endian; not changed
     * @return the offset of the blob holding them
     * @throws IOException if writing fails
     */
    long write(BlobDataType type, ByteBuffer data) throws IOException {
        weights++;
        sha256.update(data.duplicate());
        Key key = new Key(type, data.remaining(), HexFormat.of().formatHex(sha256.digest()));
        Long known = offsets.get(key);
        if (known != null) {
            return known;
        }
        long offset = out.write(type, data);
        offsets.put(key, offset);
        bytes += data.remaining();
        return offset;
    }

    /** @return the number of weights written, shared ones counted each time */
    long weights() {
        return weights;
    }

    /** @return the number of blobs in the file */
    long blobs() {
        return offsets.size();
    }

    /** @return the bytes of weight data in the file */
    long bytes() {
        return bytes;
    }
}
