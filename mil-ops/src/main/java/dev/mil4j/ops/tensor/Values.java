package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Element moving for value inference: most data-movement ops are "output element {@code i} is input element
 * {@code src[i]}", which works for every dtype (strings included) without converting numbers.
 */
final class Values {
    /** Outputs larger than this many elements are not folded: folding must stay cheap. */
    static final long MAX_FOLD_ELEMENTS = 1 << 20;

    private Values() {
    }

    static boolean foldable(Shape out) {
        return out.isStatic() && out.elementCount().orElse(Long.MAX_VALUE) <= MAX_FOLD_ELEMENTS;
    }

    /** The value of input {@code name} when it is const and small enough to fold; empty otherwise. */
    static Optional<TensorValue> foldableInput(InferenceContext ctx, String name) {
        return ctx.value(name).filter(v -> foldable(v.shape()));
    }

    /** The product of dims {@code from} (inclusive) to {@code to} (exclusive) of a static shape. */
    static long product(long[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /** Where an output element reads its input: both as multi-indices. */
    interface IndexMap {
        /** Writes into {@code inIndex} the input element that output element {@code outIndex} copies; false for fill. */
        boolean read(long[] outIndex, long[] inIndex);
    }

    /**
     * For each element of the static shape {@code out}, the flat index in the static shape {@code in} of the element
     * it copies, or -1 for a fill element (see {@link #take(TensorValue, Shape, long[], TensorValue)}).
     */
    static long[] sources(long[] in, long[] out, IndexMap map) {
        long[] strides = TensorIndex.strides(in);
        long[] oi = new long[out.length];
        long[] ii = new long[in.length];
        long[] src = new long[Math.toIntExact(product(out, 0, out.length))];
        for (int i = 0; i < src.length; i++) {
            unravel(i, out, oi);
            if (!map.read(oi, ii)) {
                src[i] = -1;
                continue;
            }
            long s = 0;
            for (int d = 0; d < in.length; d++) {
                s += ii[d] * strides[d];
            }
            src[i] = s;
        }
        return src;
    }

    /** The multi-index of flat index {@code flat} in {@code shape}, written into {@code idx}. */
    static void unravel(long flat, long[] shape, long[] idx) {
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                idx[i] = 0;
                continue;
            }
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
    }

    /**
     * A tensor of {@code x}'s dtype and shape {@code out} whose element {@code i} is {@code x[src[i]]}, or
     * {@code fill}'s only element where {@code src[i] < 0}.
     */
    static TensorValue take(TensorValue x, Shape out, long[] src, TensorValue fill) {
        DType dt = x.dtype();
        if (dt == DType.STRING) {
            String[] s = new String[src.length];
            for (int i = 0; i < src.length; i++) {
                s[i] = src[i] < 0 ? fill.getString(0) : x.getString(src[i]);
            }
            return TensorValue.ofStrings(out, s);
        }
        int size = dt.byteSize();
        ByteBuffer in = x.buffer();
        ByteBuffer f = fill == null ? null : fill.cast(dt).buffer();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact((long) src.length * size)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < src.length; i++) {
            ByteBuffer from = src[i] < 0 ? f : in;
            int at = src[i] < 0 ? 0 : Math.toIntExact(src[i] * size);
            for (int k = 0; k < size; k++) {
                b.put(from.get(at + k));
            }
        }
        b.flip();
        return TensorValue.wrap(dt, out, b);
    }

    static TensorValue take(TensorValue x, Shape out, long[] src) {
        return take(x, out, src, null);
    }

    /** Like {@link #take} over several same-dtype sources: element {@code i} is {@code xs[which[i]][src[i]]}. */
    static TensorValue takeMany(java.util.List<TensorValue> xs, Shape out, int[] which, long[] src) {
        DType dt = xs.get(0).dtype();
        if (dt == DType.STRING) {
            String[] s = new String[src.length];
            for (int i = 0; i < src.length; i++) {
                s[i] = xs.get(which[i]).getString(src[i]);
            }
            return TensorValue.ofStrings(out, s);
        }
        int size = dt.byteSize();
        ByteBuffer[] in = new ByteBuffer[xs.size()];
        for (int j = 0; j < in.length; j++) {
            in[j] = xs.get(j).buffer();
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact((long) src.length * size)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < src.length; i++) {
            int at = Math.toIntExact(src[i] * size);
            for (int k = 0; k < size; k++) {
                b.put(in[which[i]].get(at + k));
            }
        }
        b.flip();
        return TensorValue.wrap(dt, out, b);
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} that numpy broadcasting reads. */
    static long[] broadcastSource(long[] out, long[] in) {
        int offset = out.length - in.length;
        return sources(in, out, (o, i) -> {
            for (int k = 0; k < in.length; k++) {
                i[k] = in[k] == 1 ? 0 : o[k + offset];
            }
            return true;
        });
    }

    /** Numbers of any numeric or bool dtype, exact for integers. */
    static TensorValue numbers(DType dtype, Shape shape, double[] values) {
        if (dtype.isFloat()) {
            return TensorValue.fromDoubles(dtype, shape, values);
        }
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) values[i];
        }
        return TensorValue.fromLongs(dtype, shape, l);
    }
}
