package dev.mil4j.spec.blob;

/** Constants of the weight blob file layout shared by the reader and the writer. */
final class BlobFormat {
    /** The file header and each metadata record take 64 bytes; records and data start at multiples of 64. */
    static final int ALIGNMENT = 64;
    static final int HEADER_SIZE = 64;
    static final int METADATA_SIZE = 64;
    /** The only storage format version this code reads and writes. */
    static final int VERSION = 2;
    /** The first 4 bytes of every metadata record, stored little-endian as {@code EF BE AD DE}. */
    static final int SENTINEL = 0xDEADBEEF;

    // Header: uint32 count @0, uint32 version @4, reserved zeros to 64.
    static final int HEADER_COUNT = 0;
    static final int HEADER_VERSION = 4;
    // Metadata: uint32 sentinel @0, uint32 dtype @4, uint64 size @8, uint64 data offset @16, reserved zeros to 64.
    static final int META_SENTINEL = 0;
    static final int META_DTYPE = 4;
    static final int META_SIZE = 8;
    static final int META_DATA_OFFSET = 16;

    private BlobFormat() {}

    static long align(long offset) {
        return Math.addExact(offset, ALIGNMENT - 1L) & -ALIGNMENT;
    }
}
