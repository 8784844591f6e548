package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorLimits;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TensorFlow dtypes and tensors as MIL ones. int64 narrows to int32 and float64 to fp32 (the MIL ops take int32
 * indices and shapes and fp16/fp32 data); values that do not fit are errors, never silently wrapped.
 */
public final class TfTensors {
    /** The largest constant accepted, in elements: the limit shared by the readers. */
    static final long MAX_ELEMENTS = TensorLimits.MAX_ELEMENTS;

    private TfTensors() {
    }

    /** The MIL dtype of a TensorFlow dtype, after narrowing; empty when MIL has none. */
    public static Optional<DType> dtype(DataType t) {
        return Optional.ofNullable(switch (t) {
            case DT_FLOAT, DT_DOUBLE -> DType.FP32;
            case DT_HALF -> DType.FP16;
            case DT_INT32, DT_INT64 -> DType.INT32;
            case DT_INT8 -> DType.INT8;
            case DT_INT16 -> DType.INT16;
            case DT_UINT8 -> DType.UINT8;
            case DT_UINT16 -> DType.UINT16;
            case DT_BOOL -> DType.BOOL;
            case DT_STRING -> DType.STRING;
            default -> null;
        });
    }

    /** The TensorFlow name of a dtype, e.g. {@code float32}, for messages. */
    public static String name(DataType t) {
        String n = t.name();
        return n.startsWith("DT_") ? n.substring(3).toLowerCase(java.util.Locale.ROOT) : n;
    }

    /** The static shape of a tensor proto; an {@link IllegalArgumentException} for unknown or negative sizes. */
    static Shape shape(TensorShapeProto s) {
        if (s.getUnknownRank()) {
            throw new IllegalArgumentException("has an unknown rank");
        }
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.getDim(i).getSize();
            if (dims[i] < 0) {
                throw new IllegalArgumentException("has an unknown size in dim " + i);
            }
        }
        return Shape.of(dims);
    }

    /**
     * The MIL value of a tensor proto, bounds-checked: the element count is checked against the limit and the
     * payload size before anything is allocated.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static TensorValue toValue(TensorProto t) {
        DataType dt = t.getDtype();
        DType dtype = dtype(dt).orElseThrow(() -> new IllegalArgumentException("has dtype " + name(dt)
                + ", which has no MIL equivalent"));
        Shape shape = shape(t.getTensorShape());
        long count = 1;
        for (long d : shape.toLongArray()) {
            count = Math.multiplyExact(count, d);
            if (count > MAX_ELEMENTS) {
                throw new IllegalArgumentException("has more than " + MAX_ELEMENTS + " elements");
            }
        }
        int n = (int) count;
        if (dtype == DType.STRING) {
            return TensorValue.ofStrings(shape, strings(t, n).toArray(String[]::new));
        }
        if (!t.getTensorContent().isEmpty()) {
            return fromContent(t, dt, dtype, shape, n);
        }
        return fromFields(t, dt, dtype, shape, n);
    }

    /**
     * The {@code n} strings of a string tensor: from {@code string_val} (the last repeated to fill the shape) or, as
     * TensorFlow 2 writes them, from {@code tensor_content} ({@code n} varint lengths, then the bytes of each string).
     *
     * @throws IllegalArgumentException when the values are missing or the content is malformed
     */
    static java.util.List<String> strings(TensorProto t, int n) {
        java.util.List<String> out = new java.util.ArrayList<>(n);
        if (t.getStringValCount() > 0) {
            for (int i = 0; i < n; i++) {
                out.add(t.getStringVal(Math.min(i, t.getStringValCount() - 1)).toStringUtf8());
            }
            return out;
        }
        if (n > 0 && t.getTensorContent().isEmpty()) {
            throw new IllegalArgumentException("has no string values");
        }
        byte[] b = t.getTensorContent().toByteArray();
        int[] lengths = new int[n];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos >= b.length || shift > 28) {
                    throw new IllegalArgumentException("has malformed string content (a length runs past the end)");
                }
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            lengths[i] = (int) Math.min(v, Integer.MAX_VALUE);
        }
        for (int i = 0; i < n; i++) {
            if (lengths[i] > b.length - pos) {
                throw new IllegalArgumentException("has malformed string content (string " + i + " runs past the "
                        + "end)");
            }
            out.add(new String(b, pos, lengths[i], java.nio.charset.StandardCharsets.UTF_8));
            pos += lengths[i];
        }
        if (pos != b.length) {
            throw new IllegalArgumentException("has " + (b.length - pos) + " bytes of string content left over");
        }
        return out;
    }

    private static int width(DataType dt) {
        return switch (dt) {
            case DT_DOUBLE, DT_INT64 -> 8;
            case DT_FLOAT, DT_INT32 -> 4;
            case DT_HALF, DT_INT16, DT_UINT16 -> 2;
            default -> 1;
        };
    }

    private static TensorValue fromContent(TensorProto t, DataType dt, DType dtype, Shape shape, int n) {
        int width = width(dt);
        long expected = (long) n * width;
        if (t.getTensorContent().size() != expected) {
            throw new IllegalArgumentException("has " + t.getTensorContent().size() + " bytes of content for "
                    + n + " elements of " + name(dt) + " (expected " + expected + ")");
        }
        ByteBuffer src = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (dt) {
            case DT_DOUBLE -> {
                double[] v = new double[n];
                src.asDoubleBuffer().get(v);
                yield TensorValue.fromDoubles(DType.FP32, shape, v);
            }
            case DT_INT64 -> {
                long[] v = new long[n];
                src.asLongBuffer().get(v);
                yield TensorValue.fromLongs(DType.INT32, shape, narrow(v));
            }
            default -> {
                ByteBuffer copy = ByteBuffer.allocate((int) expected).order(ByteOrder.LITTLE_ENDIAN);
                copy.put(src).flip();
                yield TensorValue.wrap(dtype, shape, copy);
            }
        };
    }

    private static TensorValue fromFields(TensorProto t, DataType dt, DType dtype, Shape shape, int n) {
        int given = switch (dt) {
            case DT_FLOAT -> t.getFloatValCount();
            case DT_DOUBLE -> t.getDoubleValCount();
            case DT_INT64 -> t.getInt64ValCount();
            case DT_BOOL -> t.getBoolValCount();
            case DT_HALF -> t.getHalfValCount();
            default -> t.getIntValCount();
        };
        if (given > n) {
            throw new IllegalArgumentException("has " + given + " values for " + n + " elements");
        }
        if (given == 0) {
            return TensorValue.fromLongs(dtype, shape, new long[n]);
        }
        // TensorFlow repeats the last given value to fill the shape
        switch (dt) {
            case DT_FLOAT, DT_DOUBLE -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    int j = Math.min(i, given - 1);
                    v[i] = dt == DataType.DT_FLOAT ? t.getFloatVal(j) : t.getDoubleVal(j);
                }
                return TensorValue.fromDoubles(dtype, shape, v);
            }
            case DT_HALF -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (short) t.getHalfVal(Math.min(i, given - 1));
                }
                return TensorValue.ofHalfBits(shape, v);
            }
            default -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    int j = Math.min(i, given - 1);
                    v[i] = switch (dt) {
                        case DT_INT64 -> t.getInt64Val(j);
                        case DT_BOOL -> t.getBoolVal(j) ? 1 : 0;
                        default -> t.getIntVal(j);
                    };
                }
                return TensorValue.fromLongs(dtype, shape, dt == DataType.DT_INT64 ? narrow(v) : v);
            }
        }
    }

    private static long[] narrow(long[] v) {
        for (long x : v) {
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("holds the int64 value " + x + ", which does not fit the int32 "
                        + "that MIL uses");
            }
        }
        return v;
    }
}
