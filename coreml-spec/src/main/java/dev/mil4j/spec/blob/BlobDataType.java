package dev.mil4j.spec.blob;

import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.proto.mil.DataType;
import java.util.Optional;

/**
 * The element types a weight blob file can hold, with the 32-bit code stored in each blob's metadata record. The
 * codes are fixed by the file format (Core ML's MIL blob storage); sub-byte types are packed, so a blob of
 * {@code n} elements takes {@code ceil(n * bits / 8)} bytes.
 */
public enum BlobDataType {
    FLOAT16(1, 16, DataType.FLOAT16),
    FLOAT32(2, 32, DataType.FLOAT32),
    UINT8(3, 8, DataType.UINT8),
    INT8(4, 8, DataType.INT8),
    BFLOAT16(5, 16, DataType.BFLOAT16),
    INT16(6, 16, DataType.INT16),
    UINT16(7, 16, DataType.UINT16),
    INT4(8, 4, DataType.INT4),
    UINT1(9, 1, DataType.UINT1),
    UINT2(10, 2, DataType.UINT2),
    UINT4(11, 4, DataType.UINT4),
    UINT3(12, 3, DataType.UINT3),
    UINT6(13, 6, DataType.UINT6),
    INT32(14, 32, DataType.INT32),
    UINT32(15, 32, DataType.UINT32),
    FLOAT8E4M3FN(16, 8, DataType.FLOAT8E4M3FN),
    FLOAT8E5M2(17, 8, DataType.FLOAT8E5M2);

    private final int code;
    private final int bits;
    private final DataType milType;

    BlobDataType(int code, int bits, DataType milType) {
        this.code = code;
        this.bits = bits;
        this.milType = milType;
    }

    /** @return the code stored in the blob metadata record */
    public int code() {
        return code;
    }

    /** @return the size of one element in bits */
    public int bitsPerElement() {
        return bits;
    }

    /** @return the MIL tensor data type of the same name */
    public DataType milDataType() {
        return milType;
    }

    /**
     * @param elementCount the number of elements
     * @return the number of bytes a blob of that many elements takes (packed, rounded up to whole bytes)
     * @throws ArithmeticException if the size does not fit in a {@code long}
     */
    public long sizeInBytes(long elementCount) {
        if (elementCount < 0) {
            throw new IllegalArgumentException("elementCount must not be negative: " + elementCount);
        }
        return Math.addExact(Math.multiplyExact(elementCount, (long) bits), 7L) / 8;
    }

    /**
     * @param code a code read from a blob metadata record
     * @return the type with that code, if there is one
     */
    public static Optional<BlobDataType> fromCode(int code) {
        for (BlobDataType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * @param milType a MIL tensor data type
     * @return the blob type that stores it, if weight blobs can hold that type
     */
    public static Optional<BlobDataType> fromMil(DataType milType) {
        requireNonNull(milType, "milType is null");
        for (BlobDataType type : values()) {
            if (type.milType == milType) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
