package dev.mil4j.spec.blob;

import static java.util.Objects.requireNonNull;

/**
 * The metadata record of one blob in a weight blob file, as validated by {@link BlobFile}.
 *
 * @param metadataOffset where the 64-byte metadata record starts: the offset a MIL {@code BlobFileValue} refers to
 * @param dataType the element type of the data
 * @param dataOffset where the data starts
 * @param sizeInBytes the size of the data in bytes
 */
public record Blob(long metadataOffset, BlobDataType dataType, long dataOffset, long sizeInBytes) {
    /** Checks the values are not negative. */
    public Blob {
        requireNonNull(dataType, "dataType is null");
        if (metadataOffset < 0 || dataOffset < 0 || sizeInBytes < 0) {
            throw new IllegalArgumentException("offsets and size must not be negative: metadataOffset="
                    + metadataOffset + ", dataOffset=" + dataOffset + ", sizeInBytes=" + sizeInBytes);
        }
    }

    /** @return the offset just past the data */
    public long endOffset() {
        return dataOffset + sizeInBytes;
    }
}
