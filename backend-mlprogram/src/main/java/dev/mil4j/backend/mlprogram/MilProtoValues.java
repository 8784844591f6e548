package dev.mil4j.backend.mlprogram;

import com.google.protobuf.ByteString;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.constexpr.PackedBits;
import dev.mil4j.spec.proto.mil.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Constant tensors as MIL.proto immediate values, encoded the way coremltools encodes them: fp32 as
 * {@code floats}, fp64 as {@code doubles}, int64 as {@code longInts}, bool as {@code bools}, strings as
 * {@code strings}, fp16, int8, uint8 and uint32 as {@code bytes} (the raw little-endian values, as coremltools 9
 * writes them), the sub-byte integers as {@code bytes} packed as in a weight blob, and the other integer dtypes
 * (int16, int32, uint16) as {@code ints}. The reader also accepts {@code ints} for int8 and uint8, which older
 * coremltools versions write.
 */
final class MilProtoValues {
    private static final Consumer<String> NO_SYMBOLS = s -> {
        throw new IllegalStateException("a constant has a static shape");
    };

    private MilProtoValues() {
    }

    /** @return an immediate value holding {@code v}, with its tensor type */
    static Value immediate(TensorValue v) {
        Value.Builder b = Value.newBuilder().setType(MilProtoTypes.toProto(v.type(), NO_SYMBOLS));
        b.getImmediateValueBuilder().setTensor(tensor(v));
        return b.build();
    }

    /** @return a scalar string immediate value, as the {@code name} attribute of every op */
    static Value string(String s) {
        return immediate(TensorValue.scalar(s));
    }

    private static dev.mil4j.spec.proto.mil.TensorValue tensor(TensorValue v) {
        dev.mil4j.spec.proto.mil.TensorValue.Builder t = dev.mil4j.spec.proto.mil.TensorValue.newBuilder();
        int n = Math.toIntExact(v.elementCount());
        switch (v.dtype()) {
            case FP32 -> {
                var f = t.getFloatsBuilder();
                ByteBuffer buf = v.buffer();
                for (int i = 0; i < n; i++) {
                    f.addValues(buf.getFloat(i * 4));
                }
            }
            case FP64 -> {
                var d = t.getDoublesBuilder();
                for (int i = 0; i < n; i++) {
                    d.addValues(v.getDouble(i));
                }
            }
            case INT64 -> {
                var l = t.getLongIntsBuilder();
                for (int i = 0; i < n; i++) {
                    l.addValues(v.getLong(i));
                }
            }
            case BOOL -> {
                var b = t.getBoolsBuilder();
                for (int i = 0; i < n; i++) {
                    b.addValues(v.getBoolean(i));
                }
            }
            case STRING -> {
                var s = t.getStringsBuilder();
                for (int i = 0; i < n; i++) {
                    s.addValues(v.getString(i));
                }
            }
            case FP16, INT8, UINT8, UINT32 -> t.getBytesBuilder().setValues(ByteString.copyFrom(v.buffer()));
            case INT4, UINT1, UINT2, UINT3, UINT4, UINT6 -> t.getBytesBuilder().setValues(
                    ByteString.copyFrom(PackedBits.pack(v.buffer(), v.dtype().bitWidth())));
            case INT16, INT32, UINT16 -> {
                var ints = t.getIntsBuilder();
                for (int i = 0; i < n; i++) {
                    ints.addValues((int) v.getLong(i));
                }
            }
        }
        return t.build();
    }

    /**
     * @param type the declared type of the value
     * @param t the immediate tensor
     * @param where names the place for messages
     * @return the constant
     * @throws MilProtoTypes.UnsupportedTypeException if the encoding does not fit the type
     */
    static TensorValue fromImmediate(TensorType type, dev.mil4j.spec.proto.mil.TensorValue t, String where) {
        Shape shape = type.shape();
        if (!shape.isStatic()) {
            throw new MilProtoTypes.UnsupportedTypeException(where + " is a constant of non-static type " + type);
        }
        long count = shape.elementCount().orElseThrow();
        DType dtype = type.dtype();
        switch (t.getValueCase()) {
            case FLOATS -> {
                checkCount(t.getFloats().getValuesCount(), count, type, where);
                double[] d = new double[(int) count];
                for (int i = 0; i < d.length; i++) {
                    d[i] = t.getFloats().getValues(i);
                }
                return floating(dtype, shape, d, type, where);
            }
            case DOUBLES -> {
                checkCount(t.getDoubles().getValuesCount(), count, type, where);
                double[] d = t.getDoubles().getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
                return floating(dtype, shape, d, type, where);
            }
            case INTS -> {
                checkCount(t.getInts().getValuesCount(), count, type, where);
                long[] l = t.getInts().getValuesList().stream().mapToLong(Integer::longValue).toArray();
                return integral(dtype, shape, l, type, where);
            }
            case LONGINTS -> {
                checkCount(t.getLongInts().getValuesCount(), count, type, where);
                long[] l = t.getLongInts().getValuesList().stream().mapToLong(Long::longValue).toArray();
                return integral(dtype, shape, l, type, where);
            }
            case BOOLS -> {
                checkCount(t.getBools().getValuesCount(), count, type, where);
                if (dtype != DType.BOOL) {
                    throw mismatch("bools", type, where);
                }
                boolean[] b = new boolean[(int) count];
                for (int i = 0; i < b.length; i++) {
                    b[i] = t.getBools().getValues(i);
                }
                return TensorValue.ofBools(shape, b);
            }
            case STRINGS -> {
                checkCount(t.getStrings().getValuesCount(), count, type, where);
                if (dtype != DType.STRING) {
                    throw mismatch("strings", type, where);
                }
                return TensorValue.ofStrings(shape, t.getStrings().getValuesList().toArray(new String[0]));
            }
            case BYTES -> {
                if (dtype.isString()) {
                    throw mismatch("bytes", type, where);
                }
                ByteString bytes = t.getBytes().getValues();
                long needed = dtype.isSubByte() ? PackedBits.packedSize(count, dtype.bitWidth())
                        : count * dtype.byteSize();
                if (bytes.size() != needed) {
                    throw new MilProtoTypes.UnsupportedTypeException(where + " holds " + bytes.size()
                            + " bytes, but a " + type + " constant needs " + needed);
                }
                ByteBuffer copy = ByteBuffer.allocate(bytes.size()).order(ByteOrder.LITTLE_ENDIAN);
                bytes.copyTo(copy);
                copy.flip();
                return TensorValue.wrap(dtype, shape, dtype.isSubByte()
                        ? PackedBits.unpack(copy, count, dtype.bitWidth(), !dtype.isUnsigned()) : copy);
            }
            default -> throw new MilProtoTypes.UnsupportedTypeException(where + " has an immediate tensor without"
                    + " values; a " + type + " constant needs " + count);
        }
    }

    private static TensorValue floating(DType dtype, Shape shape, double[] d, TensorType type, String where) {
        if (!dtype.isFloat()) {
            throw mismatch("floating-point values", type, where);
        }
        return TensorValue.fromDoubles(dtype, shape, d);
    }

    private static TensorValue integral(DType dtype, Shape shape, long[] l, TensorType type, String where) {
        if (!dtype.isInteger() && dtype != DType.BOOL) {
            throw mismatch("integer values", type, where);
        }
        return TensorValue.fromLongs(dtype, shape, l);
    }

    private static void checkCount(int actual, long expected, TensorType type, String where) {
        if (actual != expected) {
            throw new MilProtoTypes.UnsupportedTypeException(where + " holds " + actual + " values, but its type "
                    + type + " needs " + expected);
        }
    }

    private static MilProtoTypes.UnsupportedTypeException mismatch(String form, TensorType type, String where) {
        return new MilProtoTypes.UnsupportedTypeException(where + " holds " + form + ", which do not fit its type "
                + type);
    }
}
