package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Conversions between {@link TensorValue}s and the plain arrays kernels compute on, and index helpers. Float kernels
 * compute in {@code float} and round the results to the output dtype (fp16 results to fp16), as Core ML does.
 */
public final class Tensors {
    private Tensors() {
    }

    /** The elements as floats (fp16 widened, integers and bools converted). */
    public static float[] floats(TensorValue v) {
        return v.toFloatArray();
    }

    /** A tensor of {@code dtype} from floats: rounded to fp16, truncated toward zero for integers. */
    public static TensorValue fromFloats(DType dtype, long[] shape, float[] data) {
        Shape s = Shape.of(shape);
        switch (dtype) {
            case FP32:
                return TensorValue.ofFloats(s, data);
            case FP16: {
                short[] bits = new short[data.length];
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = Fp16.fromFloat(data[i]);
                }
                return TensorValue.ofHalfBits(s, bits);
            }
            default: {
                double[] d = new double[data.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = data[i];
                }
                return TensorValue.fromDoubles(dtype, s, d);
            }
        }
    }

    /** The static sizes of a value's shape. */
    public static long[] shape(TensorValue v) {
        return v.shape().toLongArray();
    }

    /** Row-major strides. */
    public static int[] strides(long[] shape) {
        int[] s = new int[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = Math.toIntExact(acc);
            acc *= shape[i];
        }
        return s;
    }

    /** The element count of a shape. */
    public static int size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return Math.toIntExact(n);
    }

    /** A possibly negative axis as an index in {@code [0, rank)}; an error naming the input otherwise. */
    public static int axis(String input, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("input `" + input + "` is " + axis + ", out of range for rank " + rank);
        }
        return (int) a;
    }

    /**
     * A tensor of {@code x}'s dtype and shape {@code out} whose element {@code i} is {@code x[src[i]]}, or the only
     * element of {@code fill} where {@code src[i] < 0}: the data movement behind transpose, slicing, gather, tile
     * and pad. Works for every dtype, strings included, without converting numbers.
     */
    public static TensorValue take(TensorValue x, long[] out, int[] src, TensorValue fill) {
        DType dt = x.dtype();
        Shape shape = Shape.of(out);
        if (dt == DType.STRING) {
            String[] s = new String[src.length];
            for (int i = 0; i < src.length; i++) {
                s[i] = src[i] < 0 ? fill.getString(0) : x.getString(src[i]);
            }
            return TensorValue.ofStrings(shape, s);
        }
        int size = dt.byteSize();
        byte[] in = bytes(x);
        byte[] f = fill == null ? new byte[size] : bytes(fill.cast(dt));
        byte[] b = new byte[Math.multiplyExact(src.length, size)];
        if (size == 4) {
            for (int i = 0; i < src.length; i++) {
                int s = src[i];
                if (s < 0) {
                    System.arraycopy(f, 0, b, i * 4, 4);
                } else {
                    int o = i * 4;
                    int p = s * 4;
                    b[o] = in[p];
                    b[o + 1] = in[p + 1];
                    b[o + 2] = in[p + 2];
                    b[o + 3] = in[p + 3];
                }
            }
        } else {
            for (int i = 0; i < src.length; i++) {
                if (src[i] < 0) {
                    System.arraycopy(f, 0, b, i * size, size);
                } else {
                    System.arraycopy(in, src[i] * size, b, i * size, size);
                }
            }
        }
        return TensorValue.wrap(dt, shape, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The packed little-endian bytes of a numeric tensor. */
    public static byte[] bytes(TensorValue v) {
        ByteBuffer b = v.buffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A tensor from packed little-endian bytes. */
    public static TensorValue ofBytes(DType dtype, long[] shape, byte[] data) {
        return TensorValue.wrap(dtype, Shape.of(shape), ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Concatenates same-dtype tensors along {@code axis} (all other dims equal). */
    public static TensorValue concat(java.util.List<TensorValue> xs, int axis, long[] outShape) {
        DType dt = xs.get(0).dtype();
        if (dt == DType.STRING) {
            throw new IllegalArgumentException("string tensors cannot be concatenated at run time");
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) outShape[i];
        }
        int es = dt.byteSize();
        byte[] out = new byte[Math.multiplyExact(size(outShape), es)];
        int pos = 0;
        byte[][] ins = new byte[xs.size()][];
        int[] chunk = new int[xs.size()];
        for (int j = 0; j < ins.length; j++) {
            ins[j] = bytes(xs.get(j));
            chunk[j] = outer == 0 ? 0 : ins[j].length / outer;
        }
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ins.length; j++) {
                System.arraycopy(ins[j], o * chunk[j], out, pos, chunk[j]);
                pos += chunk[j];
            }
        }
        return ofBytes(dt, outShape, out);
    }
}
