package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFormatException;
import dev.mil4j.spec.blob.Blob;
import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.ops.constexpr.PackedBits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The weight blob files of a package being read, each opened once. A constant becomes a view of the mapped blob
 * data after its element type and size are checked against the type the program declares (sub-byte integers are
 * unpacked to a byte each, see {@link PackedBits}); mappings stay valid after {@link #close()}.
 */
final class PackageBlobs implements MilProtoReader.BlobSource, AutoCloseable {
    private final MlPackage pkg;
    private final Map<String, BlobFile> open = new HashMap<>();

    PackageBlobs(MlPackage pkg) {
        this.pkg = pkg;
    }

    @Override
    public TensorValue read(String fileName, long offset, TensorType type, String where) throws IOException {
        BlobFile file = open.get(fileName);
        if (file == null) {
            file = pkg.openBlobFile(fileName);
            open.put(fileName, file);
        }
        Blob blob = file.blob(offset);
        Optional<BlobDataType> expected = blobType(type.dtype());
        if (expected.isEmpty() || expected.get() != blob.dataType()) {
            throw new ModelFormatException(pkg.modelFile(), where + " is declared " + type + ", but the blob at offset "
                    + offset + " of " + fileName + " holds " + blob.dataType()
                    + (expected.isEmpty() ? "; mil4j reads no " + type.dtype() + " blobs" : ""));
        }
        long count = type.shape().elementCount().orElseThrow();
        long size = expected.get().sizeInBytes(count);
        if (blob.sizeInBytes() != size) {
            throw new ModelFormatException(pkg.modelFile(), where + " is declared " + type + " (" + size
                    + " bytes), but the blob at offset " + offset + " of " + fileName + " has " + blob.sizeInBytes()
                    + " bytes");
        }
        ByteBuffer data = file.data(blob);
        if (type.dtype().isSubByte()) {
            data = PackedBits.unpack(data, count, type.dtype().bitWidth(), !type.dtype().isUnsigned());
        }
        return TensorValue.wrap(type.dtype(), type.shape(), data);
    }

    /** @return the blob element type of a dtype, for the dtypes whose blobs mil4j reads */
    static Optional<BlobDataType> blobType(DType dtype) {
        return Optional.ofNullable(switch (dtype) {
            case FP16 -> BlobDataType.FLOAT16;
            case FP32 -> BlobDataType.FLOAT32;
            case INT8 -> BlobDataType.INT8;
            case UINT8 -> BlobDataType.UINT8;
            case INT16 -> BlobDataType.INT16;
            case UINT16 -> BlobDataType.UINT16;
            case INT32 -> BlobDataType.INT32;
            case UINT32 -> BlobDataType.UINT32;
            case INT4 -> BlobDataType.INT4;
            case UINT1 -> BlobDataType.UINT1;
            case UINT2 -> BlobDataType.UINT2;
            case UINT3 -> BlobDataType.UINT3;
            case UINT4 -> BlobDataType.UINT4;
            case UINT6 -> BlobDataType.UINT6;
            default -> null;
        });
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (BlobFile f : open.values()) {
            try {
                f.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
