package dev.mil4j.core.value;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An immutable constant tensor with a static shape. Numbers are stored packed, little-endian, in a read-only
 * {@link ByteBuffer} (fp16 as raw bits), so large weights can be views of a file or of another buffer without a
 * copy; strings are stored as a {@code String[]}. Equality is by dtype, shape and content.
 */
public final class TensorValue {
    private final DType dtype;
    private final Shape shape;
    private final long count;
    private final ByteBuffer data; // null for strings
    private final String[] strings; // null for numbers
    private int hash;

    private TensorValue(DType dtype, Shape shape, ByteBuffer data, String[] strings) {
        if (!shape.isStatic()) {
            throw new IllegalArgumentException("a constant needs a static shape, got " + shape);
        }
        this.dtype = dtype;
        this.shape = shape;
        this.count = shape.elementCount().orElseThrow();
        this.data = data;
        this.strings = strings;
    }

    /**
     * Wraps little-endian packed data without copying it; {@code data}'s remaining bytes must be exactly the tensor's
     * size. The buffer must not be changed afterwards.
     */
    public static TensorValue wrap(DType dtype, Shape shape, ByteBuffer data) {
        requireNonNull(dtype, "dtype is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(data, "data is null");
        requireNumeric(dtype);
        long expected = Math.multiplyExact(shape.elementCount().orElseThrow(
                () -> new IllegalArgumentException("a constant needs a static shape, got " + shape)), dtype.byteSize());
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("a " + dtype + shape + " constant needs " + expected + " bytes, got "
                    + data.remaining());
        }
        ByteBuffer view = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return new TensorValue(dtype, shape, view, null);
    }

    public static TensorValue ofFloats(Shape shape, float... values) {
        return packed(DType.FP32, shape, values.length, b -> b.asFloatBuffer().put(values));
    }

    public static TensorValue ofDoubles(Shape shape, double... values) {
        return packed(DType.FP64, shape, values.length, b -> b.asDoubleBuffer().put(values));
    }

    /** fp16 values given as raw IEEE binary16 bits. */
    public static TensorValue ofHalfBits(Shape shape, short... bits) {
        return packed(DType.FP16, shape, bits.length, b -> b.asShortBuffer().put(bits));
    }

    public static TensorValue ofInts(Shape shape, int... values) {
        return packed(DType.INT32, shape, values.length, b -> b.asIntBuffer().put(values));
    }

    public static TensorValue ofLongs(Shape shape, long... values) {
        return packed(DType.INT64, shape, values.length, b -> b.asLongBuffer().put(values));
    }

    public static TensorValue ofBools(Shape shape, boolean... values) {
        return packed(DType.BOOL, shape, values.length, b -> {
            for (int i = 0; i < values.length; i++) {
                b.put(i, (byte) (values[i] ? 1 : 0));
            }
        });
    }

    public static TensorValue ofStrings(Shape shape, String... values) {
        if (shape.elementCount().orElse(-1) != values.length) {
            throw new IllegalArgumentException(values.length + " strings do not fill shape " + shape);
        }
        String[] copy = values.clone();
        for (String s : copy) {
            requireNonNull(s, "string element is null");
        }
        return new TensorValue(DType.STRING, shape, null, copy);
    }

    /**
     * A tensor of any numeric or bool dtype from doubles, converted element by element (rounded for fp16, truncated
     * toward zero for integers, non-zero is true for bool).
     */
    public static TensorValue fromDoubles(DType dtype, Shape shape, double... values) {
        requireNumeric(dtype);
        return packed(dtype, shape, values.length, b -> {
            for (double v : values) {
                putDouble(b, dtype, v);
            }
        });
    }

    /** Like {@link #fromDoubles} but from longs, exact for every integer dtype. */
    public static TensorValue fromLongs(DType dtype, Shape shape, long... values) {
        requireNonNull(dtype, "dtype is null");
        if (dtype.isFloat()) {
            double[] d = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                d[i] = values[i];
            }
            return fromDoubles(dtype, shape, d);
        }
        requireNumeric(dtype);
        return packed(dtype, shape, values.length, b -> {
            for (long v : values) {
                putLong(b, dtype, v);
            }
        });
    }

    public static TensorValue scalar(float v) {
        return ofFloats(Shape.scalar(), v);
    }

    public static TensorValue scalar(int v) {
        return ofInts(Shape.scalar(), v);
    }

    public static TensorValue scalar(long v) {
        return ofLongs(Shape.scalar(), v);
    }

    public static TensorValue scalar(boolean v) {
        return ofBools(Shape.scalar(), v);
    }

    public static TensorValue scalar(String v) {
        return ofStrings(Shape.scalar(), v);
    }

    /** A 1-d int32 vector, the usual form of axes, shapes and perms. */
    public static TensorValue vector(int... values) {
        return ofInts(Shape.of(values.length), values);
    }

    /**
     * A filler for a tensor of any numeric or bool dtype, to be given its elements one by one in row-major order with
     * the conversion rules of {@link #fromDoubles} and {@link #fromLongs}, without an intermediate array. Its storage
     * grows as the elements arrive, so a declared shape larger than the elements given costs no memory.
     */
    public static TensorFiller filler(DType dtype, Shape shape) {
        return new TensorFiller(dtype, shape);
    }

    /** A value over a buffer this package just filled (position 0, limit = size); never shared with callers. */
    static TensorValue packed(DType dtype, Shape shape, ByteBuffer filled) {
        return new TensorValue(dtype, shape, filled.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN), null);
    }

    /**
     * A value of {@code given} elements that {@code fill} writes into a new buffer (relative puts from position 0 or
     * absolute ones).
     */
    private static TensorValue packed(DType dtype, Shape shape, int given, Consumer<ByteBuffer> fill) {
        long n = shape.elementCount().orElseThrow(
                () -> new IllegalArgumentException("a constant needs a static shape, got " + shape));
        if (n != given) {
            throw new IllegalArgumentException(given + " values do not fill shape " + shape);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * dtype.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return packed(dtype, shape, b.clear());
    }

    private static void requireNumeric(DType dtype) {
        if (dtype == DType.STRING) {
            throw new IllegalArgumentException("string tensors are made with ofStrings");
        }
    }

    static void putDouble(ByteBuffer b, DType dtype, double v) {
        switch (dtype) {
            case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
            case FP16 -> b.putShort(Fp16.fromFloat((float) v));
            case FP32 -> b.putFloat((float) v);
            case FP64 -> b.putDouble(v);
            default -> putLong(b, dtype, (long) v);
        }
    }

    static void putLong(ByteBuffer b, DType dtype, long v) {
        switch (dtype) {
            case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
            case INT8, UINT8 -> b.put((byte) v);
            case INT4, UINT1, UINT2, UINT3, UINT4, UINT6 -> b.put((byte) subByte(dtype, v));
            case INT16, UINT16 -> b.putShort((short) v);
            case INT32, UINT32 -> b.putInt((int) v);
            case INT64 -> b.putLong(v);
            default -> putDouble(b, dtype, v);
        }
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public TensorType type() {
        return new TensorType(dtype, shape);
    }

    public long elementCount() {
        return count;
    }

    public boolean isScalar() {
        return shape.rank() == 0;
    }

    /** Size of the packed data in bytes (0 for strings). */
    public long byteSize() {
        return data == null ? 0 : data.capacity();
    }

    /** The packed little-endian data as a read-only view (position 0). Not available for strings. */
    public ByteBuffer buffer() {
        if (data == null) {
            throw new IllegalStateException("string tensors have no packed buffer");
        }
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public double getDouble(long index) {
        int i = Math.toIntExact(index);
        return switch (dtype) {
            case FP16 -> Fp16.toFloat(data.getShort(i * 2));
            case FP32 -> data.getFloat(i * 4);
            case FP64 -> data.getDouble(i * 8);
            default -> getLong(index);
        };
    }

    public long getLong(long index) {
        int i = Math.toIntExact(index);
        return switch (dtype) {
            case BOOL, INT8, INT4 -> data.get(i);
            case UINT8, UINT1, UINT2, UINT3, UINT4, UINT6 -> data.get(i) & 0xff;
            case INT16 -> data.getShort(i * 2);
            case UINT16 -> data.getShort(i * 2) & 0xffff;
            case UINT32 -> data.getInt(i * 4) & 0xffff_ffffL;
            case INT32 -> data.getInt(i * 4);
            case INT64 -> data.getLong(i * 8);
            case FP16, FP32, FP64 -> (long) getDouble(index);
            case STRING -> throw new IllegalStateException("a string tensor has no numbers");
        };
    }

    public boolean getBoolean(long index) {
        return getDouble(index) != 0;
    }

    public String getString(long index) {
        if (strings == null) {
            throw new IllegalStateException("not a string tensor: " + type());
        }
        return strings[Math.toIntExact(index)];
    }

    /** The single element of a scalar or one-element tensor. */
    public double scalarDouble() {
        requireOneElement();
        return getDouble(0);
    }

    public long scalarLong() {
        requireOneElement();
        return getLong(0);
    }

    public boolean scalarBoolean() {
        requireOneElement();
        return getBoolean(0);
    }

    public String scalarString() {
        requireOneElement();
        return getString(0);
    }

    private void requireOneElement() {
        if (count != 1) {
            throw new IllegalStateException("expected one element, got " + type());
        }
    }

    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(count)];
        if (dtype == DType.FP32) {
            buffer().asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    public int[] toIntArray() {
        int[] out = new int[Math.toIntExact(count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(getLong(i));
        }
        return out;
    }

    public String[] toStringArray() {
        if (strings == null) {
            throw new IllegalStateException("not a string tensor: " + type());
        }
        return strings.clone();
    }

    // a sub-byte element wraps like the wider integers do: to the type's range, two's complement for int4
    private static long subByte(DType dtype, long v) {
        int bits = dtype.bitWidth();
        long masked = v & ((1L << bits) - 1);
        return dtype.isUnsigned() || masked < (1L << (bits - 1)) ? masked : masked - (1L << bits);
    }

    /** This value converted to another dtype (fp16 rounding, integer truncation as in {@link #fromDoubles}). */
    public TensorValue cast(DType target) {
        if (target == dtype) {
            return this;
        }
        if (dtype == DType.STRING || target == DType.STRING) {
            throw new IllegalArgumentException("cannot cast " + dtype + " to " + target);
        }
        if (dtype.isFloat() && target.isFloat()) {
            return castFloat(target);
        }
        if (dtype.isFloat()) {
            return fromDoubles(target, shape, toDoubleArray());
        }
        return fromLongs(target, shape, toLongArray());
    }

    // between float dtypes element by element, without an intermediate array: weights are cast to fp16 this way (a
    // large result goes to a mapped temporary file, not the heap: LargeBuffers)
    private TensorValue castFloat(DType target) {
        int n = Math.toIntExact(count);
        ByteBuffer out = LargeBuffers.allocate(Math.toIntExact(count * target.byteSize()));
        if (dtype == DType.FP32 && target == DType.FP16) {
            Fp16Arrays.fromFloats(buffer().asFloatBuffer(), out.asShortBuffer());
        } else if (dtype == DType.FP16 && target == DType.FP32) {
            for (int i = 0; i < n; i++) {
                out.putFloat(4 * i, Fp16.toFloat(data.getShort(2 * i)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                putDouble(out, target, getDouble(i));
            }
            out.flip();
        }
        return packed(target, shape, out);
    }

    /** The same data with another static shape of the same element count (no copy). */
    public TensorValue reshape(Shape newShape) {
        if (newShape.elementCount().orElse(-1) != count) {
            throw new IllegalArgumentException("cannot reshape " + type() + " to " + newShape);
        }
        return new TensorValue(dtype, newShape, data, strings);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TensorValue v) || v.dtype != dtype || !v.shape.equals(shape)) {
            return false;
        }
        if (hash != 0 && v.hash != 0 && hash != v.hash) {
            return false;
        }
        return strings != null ? Arrays.equals(strings, v.strings) : data.equals(v.data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * dtype.hashCode() + shape.hashCode();
            h = 31 * h + (strings != null ? Arrays.hashCode(strings) : contentHash(data));
            h |= 1;
            hash = h;
        }
        return h;
    }

    // eight bytes a step (ByteBuffer.hashCode takes one): constant deduplication hashes every weight of a model
    private static int contentHash(ByteBuffer b) {
        int n = b.capacity();
        long h = 1;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            h = h * 0x9E3779B97F4A7C15L + b.getLong(i);
        }
        for (; i < n; i++) {
            h = h * 31 + b.get(i);
        }
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type().toString()).append(' ');
        ValueFormat.appendElements(sb, this, 16);
        return sb.toString();
    }
}
