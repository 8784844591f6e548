package dev.mil4j.ops.internal;

import dev.mil4j.core.types.Shape;

/**
 * Index arithmetic over static row-major shapes, shared by the value inference of the math ops: where each output
 * element of a broadcast reads its inputs, and which input elements a reduction combines.
 */
public final class TensorIndex {
    /**
     * The largest number of elements value inference creates from nothing (fill, range_1d): 1 MiB of 4-byte elements,
     * like coremltools' folding limit.
     */
    public static final long MAX_FOLDED_ELEMENTS = 1L << 18;

    private TensorIndex() {
    }

    /** The row-major strides of {@code dims}. */
    public static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * For each element of {@code out} (a numpy broadcast of {@code in} and something else), the flat index of the
     * element of {@code in} it reads.
     */
    public static int[] broadcastSources(Shape out, Shape in) {
        long[] od = out.toLongArray();
        long[] id = in.toLongArray();
        int n = Math.toIntExact(out.elementCount().orElseThrow());
        int[] src = new int[n];
        if (out.equals(in)) {
            for (int i = 0; i < n; i++) {
                src[i] = i;
            }
            return src;
        }
        long[] is = strides(id);
        int offset = od.length - id.length;
        int[] counter = new int[od.length];
        for (int i = 0; i < n; i++) {
            long flat = 0;
            for (int d = 0; d < id.length; d++) {
                if (id[d] != 1) {
                    flat += counter[d + offset] * is[d];
                }
            }
            src[i] = (int) flat;
            for (int d = od.length - 1; d >= 0; d--) {
                if (++counter[d] < od[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return src;
    }

    /**
     * Groups the elements of a tensor of static shape {@code in} by their position in the dims that are not
     * {@code reduced}: entry {@code g} lists, in row-major order, the flat indices of the elements that reduce to
     * output element {@code g} (also row-major, over the kept dims).
     */
    public static int[][] groups(Shape in, boolean[] reduced) {
        long[] dims = in.toLongArray();
        int n = Math.toIntExact(in.elementCount().orElseThrow());
        long groupSize = 1;
        long groupCount = 1;
        for (int d = 0; d < dims.length; d++) {
            if (reduced[d]) {
                groupSize *= dims[d];
            } else {
                groupCount *= dims[d];
            }
        }
        int[][] out = new int[Math.toIntExact(groupCount)][Math.toIntExact(groupSize)];
        int[] fill = new int[out.length];
        int[] counter = new int[dims.length];
        for (int i = 0; i < n; i++) {
            long g = 0;
            for (int d = 0; d < dims.length; d++) {
                if (!reduced[d]) {
                    g = g * dims[d] + counter[d];
                }
            }
            int gi = (int) g;
            out[gi][fill[gi]++] = i;
            for (int d = dims.length - 1; d >= 0; d--) {
                if (++counter[d] < dims[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return out;
    }

    /** Formats a number for a message: integral values without a fraction. */
    public static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }
}
