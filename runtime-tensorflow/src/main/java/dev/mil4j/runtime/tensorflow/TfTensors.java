package dev.mil4j.runtime.tensorflow;

import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** MIL tensor values to TensorFlow tensors and back, through their raw little-endian bytes. */
final class TfTensors {
    private TfTensors() {
    }

    /** {@code v} as a tensor of the placeholder's dtype (cast to it first). */
    static Tensor tensor(TensorValue v, DataType type) {
        DType dtype = dtype(type);
        TensorValue cast = v.dtype() == dtype ? v : v.cast(dtype);
        byte[] bytes = new byte[Math.toIntExact(cast.elementCount() * dtype.byteSize())];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < cast.elementCount(); i++) {
            switch (dtype) {
                case FP32 -> b.putFloat((float) cast.getDouble(i));
                case FP64 -> b.putDouble(cast.getDouble(i));
                case INT32 -> b.putInt((int) cast.getLong(i));
                case INT64 -> b.putLong(cast.getLong(i));
                case UINT8 -> b.put((byte) cast.getLong(i));
                default -> b.put((byte) (cast.getBoolean(i) ? 1 : 0));
            }
        }
        return Tensor.of(typeClass(type), org.tensorflow.ndarray.Shape.of(cast.shape().toLongArray()),
                DataBuffers.of(bytes, true, false));
    }

    static TensorValue value(Tensor t) {
        DType dtype = dtype(t.dataType());
        byte[] bytes = new byte[Math.toIntExact(t.numBytes())];
        t.asRawTensor().data().read(bytes);
        return TensorValue.wrap(dtype, Shape.of(t.shape().asArray()), ByteBuffer.wrap(bytes)
                .order(ByteOrder.LITTLE_ENDIAN));
    }

    private static DType dtype(DataType type) {
        return switch (type) {
            case DT_FLOAT -> DType.FP32;
            case DT_DOUBLE -> DType.FP64;
            case DT_HALF -> DType.FP16;
            case DT_INT32 -> DType.INT32;
            case DT_INT64 -> DType.INT64;
            case DT_UINT8 -> DType.UINT8;
            case DT_BOOL -> DType.BOOL;
            default -> throw new ReferenceRuntimeException("TensorFlow type " + type + " is not compared");
        };
    }

    private static Class<? extends TType> typeClass(DataType type) {
        return switch (type) {
            case DT_FLOAT -> TFloat32.class;
            case DT_DOUBLE -> TFloat64.class;
            case DT_INT32 -> TInt32.class;
            case DT_INT64 -> TInt64.class;
            case DT_UINT8 -> TUint8.class;
            case DT_BOOL -> TBool.class;
            default -> throw new ReferenceRuntimeException("TensorFlow type " + type + " cannot be fed");
        };
    }
}
