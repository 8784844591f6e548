package dev.mil4j.frontend.pytorch.archive;

import dev.mil4j.core.types.DType;
import java.util.Optional;

/**
 * PyTorch element types as archives name them (by storage class, {@code torch.FloatStorage}), with the MIL dtype of
 * the same layout. bfloat16 has no MIL dtype: such tensors are refused when they are decoded.
 */
public enum TorchDType {
    FLOAT("float32", "FloatStorage", 4, DType.FP32),
    DOUBLE("float64", "DoubleStorage", 8, DType.FP64),
    HALF("float16", "HalfStorage", 2, DType.FP16),
    BFLOAT16("bfloat16", "BFloat16Storage", 2, null),
    LONG("int64", "LongStorage", 8, DType.INT64),
    INT("int32", "IntStorage", 4, DType.INT32),
    SHORT("int16", "ShortStorage", 2, DType.INT16),
    CHAR("int8", "CharStorage", 1, DType.INT8),
    BYTE("uint8", "ByteStorage", 1, DType.UINT8),
    BOOL("bool", "BoolStorage", 1, DType.BOOL);

    private final String torchName;
    private final String storageClass;
    private final int byteSize;
    private final DType milType;

    TorchDType(String torchName, String storageClass, int byteSize, DType milType) {
        this.torchName = torchName;
        this.storageClass = storageClass;
        this.byteSize = byteSize;
        this.milType = milType;
    }

    /** The storage class name in module {@code torch}, e.g. {@code FloatStorage}. */
    public String storageClass() {
        return storageClass;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The MIL dtype with this element layout, if any. */
    public Optional<DType> milType() {
        return Optional.ofNullable(milType);
    }

    /** The torch name, e.g. {@code float32}. */
    @Override
    public String toString() {
        return torchName;
    }

    public static Optional<TorchDType> ofStorageClass(String name) {
        for (TorchDType t : values()) {
            if (t.storageClass.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
